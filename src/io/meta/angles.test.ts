import { describe, expect, it } from 'vitest';
import { hasSharedData } from '../../testing/sharedData.ts';
import { readSharedText, thrown } from './testHelpers.ts';
import { resolveTiltAngles } from './angles.ts';
import { mdocTiltAnglesDeg, parseMdoc } from './mdoc.ts';
import { formatTlt, parseTlt } from './tlt.ts';

const synthMdoc = (anglesDeg: number[], fileName = 's.mrc.mdoc') =>
  parseMdoc(anglesDeg.map((a, z) => `[ZValue = ${z}]\nTiltAngle = ${a}\n`).join('\n'), fileName);

describe('resolveTiltAngles', () => {
  const tltDeg = [-60, 0, 60];
  const mdoc = synthMdoc([-61, 1, 61]);
  const ext = [-62, 2, 62];

  it('prefers .tlt, then .mdoc, then the extended header', () => {
    const tlt = { fileName: 'a/s.tlt', anglesDeg: tltDeg };
    expect(
      resolveTiltAngles({ sectionCount: 3, fileName: 's.mrc', tlt, mdoc, extHeaderAngles: ext }),
    ).toEqual({
      anglesDeg: tltDeg,
      source: 'tlt',
      sourceFileName: 's.tlt',
    });
    const fromMdoc = resolveTiltAngles({ sectionCount: 3, fileName: 's.mrc', mdoc, extHeaderAngles: ext });
    expect([fromMdoc.source, fromMdoc.sourceFileName, fromMdoc.anglesDeg]).toEqual([
      'mdoc',
      's.mrc.mdoc',
      [-61, 1, 61],
    ]);
    const fromExt = resolveTiltAngles({ sectionCount: 3, fileName: 's.mrc', extHeaderAngles: ext });
    expect([fromExt.source, fromExt.anglesDeg]).toEqual(['extended-header', ext]);
  });

  it('inverts on request without writing −0', () => {
    const r = resolveTiltAngles({
      sectionCount: 3,
      fileName: 's.mrc',
      tlt: { fileName: 's.tlt', anglesDeg: tltDeg },
      invertAngles: true,
    });
    expect(r.anglesDeg).toEqual([60, 0, -60]);
    expect(Object.is(r.anglesDeg[1], -0)).toBe(false);
    expect(formatTlt(r.anglesDeg)).toBe('  60.00\n   0.00\n -60.00\n');
    expect(tltDeg).toEqual([-60, 0, 60]); // input untouched
  });

  it('says which file has the wrong count, and never falls back to a lower source', () => {
    const e = thrown(() =>
      resolveTiltAngles({
        sectionCount: 4,
        fileName: 'x/s.mrc',
        tlt: { fileName: 's.tlt', anglesDeg: tltDeg },
        mdoc,
      }),
    );
    expect(e.code).toBe('mismatch');
    expect(e.message).toBe(
      's.mrc has 4 sections but s.tlt lists 3 angles; pick the matching .tlt/.mdoc or exclude views',
    );
    const m = thrown(() => resolveTiltAngles({ sectionCount: 2, fileName: 's.mrc', mdoc }));
    expect(m.message).toBe(
      's.mrc has 2 sections but s.mrc.mdoc lists 3 tilt sections; pick the matching .tlt/.mdoc or exclude views',
    );
    const x = thrown(() => resolveTiltAngles({ sectionCount: 5, fileName: 's.mrc', extHeaderAngles: ext }));
    expect(x.code).toBe('mismatch');
    expect(x.message).toContain('its extended header lists 3');
  });

  it('treats all-equal extended-header angles as absent', () => {
    const e = thrown(() =>
      resolveTiltAngles({ sectionCount: 3, fileName: 'flat.mrc', extHeaderAngles: [0, 0, 0] }),
    );
    expect(e.code).toBe('not-found');
    expect(e.message).toContain('flat.mrc');
    expect(thrown(() => resolveTiltAngles({ sectionCount: 3, fileName: 'none.mrc' })).code).toBe('not-found');
  });

  it('refuses a nonsensical section count', () => {
    expect(thrown(() => resolveTiltAngles({ sectionCount: 0, fileName: 's.mrc', mdoc })).code).toBe(
      'bad-argument',
    );
  });
});

describe.skipIf(!hasSharedData)('resolveTiltAngles with real files', () => {
  it('TS_01: the 41-tilt mdoc fits 41 sections; a 40-angle .tlt made from it does not', () => {
    const mdoc = parseMdoc(readSharedText('mdocfile/tilt_series.mdoc'), 'TS_01.mrc.mdoc');
    const ok = resolveTiltAngles({ sectionCount: 41, fileName: 'TS_01.mrc', mdoc });
    expect(ok.anglesDeg).toHaveLength(41);
    expect(ok.anglesDeg[0]).toBe(0.000999877);
    const tlt40 = parseTlt(formatTlt(mdocTiltAnglesDeg(mdoc).slice(0, 40)), 'TS_01.tlt');
    const e = thrown(() =>
      resolveTiltAngles({
        sectionCount: 41,
        fileName: 'TS_01.mrc',
        tlt: { fileName: 'TS_01.tlt', anglesDeg: tlt40 },
        mdoc,
      }),
    );
    expect(e.code).toBe('mismatch');
    expect(e.message).toBe(
      'TS_01.mrc has 41 sections but TS_01.tlt lists 40 angles; pick the matching .tlt/.mdoc or exclude views',
    );
  });

  it('BBa: 61 angles for a 61-section stack', () => {
    const anglesDeg = parseTlt(readSharedText('imod/uitestData_BB/BBa.tlt'), 'BBa.tlt');
    const r = resolveTiltAngles({
      sectionCount: 61,
      fileName: 'BBa.st',
      tlt: { fileName: 'BBa.tlt', anglesDeg },
    });
    expect(r.anglesDeg).toEqual(anglesDeg);
  });
});
