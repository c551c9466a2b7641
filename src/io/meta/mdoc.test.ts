import { describe, expect, it } from 'vitest';
import { hasSharedData } from '../../testing/sharedData.ts';
import { readSharedText, thrown } from './testHelpers.ts';
import {
  mdocAcquiredAnglesDeg,
  mdocPriorDoseEA2,
  mdocTiltAnglesDeg,
  parseMdoc,
  parseSerialEmDateTime,
} from './mdoc.ts';
import { detectTiltScheme } from './tiltScheme.ts';

/** Independent reading: every "TiltAngle = v" line in file order. */
const tiltLines = (text: string) => [...text.matchAll(/^TiltAngle = (\S+)/gm)].map((m) => Number(m[1]));

describe.skipIf(!hasSharedData)('parseMdoc on real SerialEM files', () => {
  it('reads EMPIAR-10164 TS_01: 41 tilts, angles, pixel size, tilt axis, dose-symmetric order', () => {
    const text = readSharedText('mdocfile/tilt_series.mdoc');
    const mdoc = parseMdoc(text, '/data/TS_01.mrc.mdoc');
    expect(mdoc.fileName).toBe('TS_01.mrc.mdoc');
    expect(mdoc.sections).toHaveLength(41);
    expect(mdoc.sections.map((s) => s.zValue)).toEqual(Array.from({ length: 41 }, (_, k) => k));
    expect(mdocTiltAnglesDeg(mdoc)).toEqual(tiltLines(text)); // file order is Z order here
    expect(mdoc.sections[0].tiltAngleDeg).toBe(0.000999877);
    expect(mdoc.sections[1].tiltAngleDeg).toBe(3.00113);
    expect(mdoc.sections[40].tiltAngleDeg).toBe(60.0006);
    expect(mdoc.global.ImageFile).toBe('TS_01.mrc');
    expect(mdoc.global.ImageSize).toBe('924 958');
    expect(mdoc.pixelSpacingA).toBe(5.4);
    expect(mdoc.titles).toHaveLength(2);
    expect(mdoc.tiltAxisAngleDeg).toBe(85.3);
    expect(mdoc.tiltAxisSource).toBe('title');
    // The fallback rule (RotationAngle − 90°) agrees with the title on this file.
    expect(mdoc.sections[0].rotationAngleDeg! - 90).toBeCloseTo(85.3, 9);
    const s0 = mdoc.sections[0];
    expect(s0.exposureDoseEA2).toBe(0);
    expect(s0.dateTime).toBe('30-Nov-15  15:21:38');
    expect(s0.subFramePath).toBe('D:\\DATA\\Flo\\HGK149_20151130\\frames\\TS_01_000_0.0.mrc');
    expect(s0.raw.Defocus).toBe('2.68083');
    expect(mdoc.acquisitionOrderSource).toBe('dateTime');
    // Independent: order of the DateTime clock strings (all on one day).
    const clocks = [...text.matchAll(/^DateTime = \S+\s+(\S+)/gm)].map((m) => m[1]);
    const byClock = clocks.map((_, k) => k).sort((a, b) => clocks[a].localeCompare(clocks[b]));
    expect(mdoc.acquisitionOrder).toEqual(byClock);
    expect(mdocAcquiredAnglesDeg(mdoc).slice(0, 5).map(Math.round)).toEqual([0, 3, -3, -6, 6]);
    expect(detectTiltScheme(mdocAcquiredAnglesDeg(mdoc))).toBe('dose-symmetric');
    expect(mdoc.warnings).toEqual([]);
  });

  it('reads a frame-set mdoc (CRLF, unbracketed title, no tilt-axis title)', () => {
    const mdoc = parseMdoc(readSharedText('mdocfile/frame_set_single.mdoc'), 'frame_set_single.mdoc');
    expect(mdoc.sections).toHaveLength(1);
    const s = mdoc.sections[0];
    expect(s.sectionType).toBe('FrameSet');
    expect(s.zValue).toBe(0);
    expect(s.tiltAngleDeg).toBe(32.984);
    expect(s.exposureDoseEA2).toBe(7.65892);
    expect(s.pixelSpacingA).toBe(1.2827);
    expect(s.raw.FrameDosesAndNumber).toBe('0.63824 12');
    expect(mdoc.global.Voltage).toBe('300');
    expect(mdoc.titles[0]).toMatch(/^SerialEM: UMass_Krios/);
    expect(mdoc.tiltAxisSource).toBe('rotationAngle');
    expect(mdoc.tiltAxisAngleDeg).toBeCloseTo(178.414 - 90, 9);
    expect(mdocPriorDoseEA2(mdoc)).toEqual([0]);
  });

  it.each(['test_000', 'test_001', 'test_002'])('reads the NIST multi-frame %s.mdoc', (stem) => {
    const text = readSharedText(`etspy/SerialEM_Multiframe_Test/${stem}.mdoc`);
    const mdoc = parseMdoc(text, `${stem}.mdoc`);
    expect(mdoc.sections).toHaveLength(2);
    expect(mdocTiltAnglesDeg(mdoc)).toEqual(tiltLines(text));
    expect(mdoc.pixelSpacingA).toBe(7.88);
    expect(mdoc.tiltAxisAngleDeg).toBe(-90);
    expect(mdoc.sections[0].rotationAngleDeg! - 90).toBe(-90);
    expect(mdoc.sections[0].priorRecordDoseEA2).toBe(0);
    expect(mdoc.sections[0].raw.ChannelName).toBe('HAADF');
    expect(mdoc.global.Version).toMatch(/^SerialEM Version 4\.0\.20/);
  });
});

/** A small synthetic mdoc: sections written in the given file order. */
function mdocText(rows: { z: number; tilt?: number; time?: string; dose?: number }[]): string {
  const body = rows.map((r) => {
    const lines = [`[ZValue = ${r.z}]`];
    if (r.tilt !== undefined) lines.push(`TiltAngle = ${r.tilt}`);
    if (r.dose !== undefined) lines.push(`ExposureDose = ${r.dose}`);
    if (r.time) lines.push(`DateTime = ${r.time}`);
    return lines.join('\n');
  });
  return ['PixelSpacing = 2.1', 'ImageFile = s.mrc', '', '[T = SerialEM: test]', '', ...body, ''].join(
    '\n\n',
  );
}

describe('parseMdoc ordering', () => {
  it('sorts sections by ZValue and orders acquisition by DateTime', () => {
    const mdoc = parseMdoc(
      mdocText([
        { z: 2, tilt: -3, time: '01-Jan-24  10:00:20', dose: 3 },
        { z: 0, tilt: 0, time: '01-Jan-24  10:00:00', dose: 2 },
        { z: 1, tilt: 3, time: '01-Jan-24  10:00:10', dose: 3 },
      ]),
      's.mrc.mdoc',
    );
    expect(mdoc.sections.map((s) => s.zValue)).toEqual([0, 1, 2]);
    expect(mdocTiltAnglesDeg(mdoc)).toEqual([0, 3, -3]);
    expect(mdoc.acquisitionOrder).toEqual([0, 1, 2]);
    expect(mdoc.sections.map((s) => s.acquisitionIndex)).toEqual([0, 1, 2]);
    expect(mdocPriorDoseEA2(mdoc)).toEqual([0, 2, 5]);
    expect(mdoc.tiltAxisAngleDeg).toBeUndefined();
  });

  it('orders by DateTime even when it disagrees with Z and file order', () => {
    const mdoc = parseMdoc(
      mdocText([
        { z: 0, tilt: -60, time: '01-Jan-2024  10:02:00' },
        { z: 1, tilt: 0, time: '01-Jan-2024  10:00:00' },
        { z: 2, tilt: 60, time: '01-Jan-2024  10:01:00' },
      ]),
      'x.mdoc',
    );
    expect(mdoc.acquisitionOrder).toEqual([1, 2, 0]);
    expect(mdocAcquiredAnglesDeg(mdoc)).toEqual([0, 60, -60]);
  });

  it('falls back to file order without DateTime, and warns on a repeated ZValue', () => {
    const mdoc = parseMdoc(
      mdocText([
        { z: 1, tilt: 3 },
        { z: 0, tilt: 0 },
        { z: 1, tilt: 4 },
      ]),
      'x.mdoc',
    );
    expect(mdoc.acquisitionOrderSource).toBe('fileOrder');
    expect(mdocTiltAnglesDeg(mdoc)).toEqual([0, 3, 4]);
    expect(mdocAcquiredAnglesDeg(mdoc)).toEqual([3, 0, 4]);
    expect(mdoc.warnings).toEqual(['x.mdoc: ZValue 1 appears more than once']);
    expect(mdocPriorDoseEA2(mdoc)).toBeUndefined();
  });

  it('reads SerialEM dates with 2- and 4-digit years', () => {
    expect(parseSerialEmDateTime('30-Nov-15  15:21:38')).toBe(Date.UTC(2015, 10, 30, 15, 21, 38));
    expect(parseSerialEmDateTime('08-Oct-2021 07:39:08')).toBe(Date.UTC(2021, 9, 8, 7, 39, 8));
    expect(parseSerialEmDateTime('yesterday')).toBeUndefined();
  });
});

describe('parseMdoc errors', () => {
  it('names file and section when TiltAngle is missing', () => {
    const e = thrown(() => parseMdoc(mdocText([{ z: 0, tilt: 0 }, { z: 1 }]), 'TS_01.mrc.mdoc'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('TS_01.mrc.mdoc [ZValue = 1]');
    expect(e.message).toContain('TiltAngle');
  });

  it('refuses a non-numeric TiltAngle', () => {
    const e = thrown(() => parseMdoc('[ZValue = 0]\nTiltAngle = left\n', 'a.mdoc'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('a.mdoc');
  });

  it('calls an empty file truncated', () => {
    const e = thrown(() => parseMdoc('\r\n\r\n', 'empty.mdoc'));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('empty.mdoc');
  });

  it('refuses a .tlt given as .mdoc, and an mdoc without view sections', () => {
    const e = thrown(() => parseMdoc('-60.00\n-58.00\n', 'TS_01.tlt'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('TS_01.tlt line 1');
    const f = thrown(() => parseMdoc('PixelSpacing = 1\n[MontSection = 0]\nTiltAngle = 0\n', 'm.mdoc'));
    expect(f.message).toContain('m.mdoc has no [ZValue = n]');
  });
});

describe('detectTiltScheme', () => {
  /** Hagen order: 0, then `group` steps on one side, `group` on the other, each side moving outwards. */
  const hagen = (maxDeg: number, stepDeg: number, group: number) => {
    const out = [0];
    const next = { [1]: 1, [-1]: 1 } as Record<number, number>;
    let sign = 1;
    while (next[1] * stepDeg <= maxDeg || next[-1] * stepDeg <= maxDeg) {
      for (let g = 0; g < group && next[sign] * stepDeg <= maxDeg; g++)
        out.push(sign * stepDeg * next[sign]++);
      sign = -sign;
    }
    return out;
  };
  it('recognises the three usual schemes', () => {
    expect(detectTiltScheme(hagen(60, 3, 2))).toBe('dose-symmetric');
    expect(hagen(12, 3, 2)).toEqual([0, 3, 6, -3, -6, 9, 12, -9, -12]);
    expect(detectTiltScheme(hagen(60, 2, 1))).toBe('dose-symmetric');
    const up = Array.from({ length: 61 }, (_, k) => -60 + 2 * k);
    expect(detectTiltScheme(up)).toBe('unidirectional');
    expect(detectTiltScheme([...up].reverse())).toBe('unidirectional');
    const bidir = [...up.slice(30), ...up.slice(0, 30).reverse()]; // 0 → 60, then −2 → −60
    expect(detectTiltScheme(bidir)).toBe('bidirectional');
    expect(detectTiltScheme([0, 40, -10, 20, -60, 5])).toBe('unknown');
    expect(detectTiltScheme([0, 1])).toBe('unknown');
  });
});
