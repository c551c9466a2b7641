/**
 * IMOD-style view lists (EXCLUDELIST): 1-based view numbers and ranges, "1,4,7-9" (commas or spaces).
 * Parsed into sorted 0-based indices, or a one-line message for an inline hint.
 */
export type ViewListResult = { ok: true; views: number[] } | { ok: false; message: string };

export function parseViewList(text: string, nviews: number): ViewListResult {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const views = new Set<number>();
  for (const part of parts) {
    const m = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(part);
    if (!m) return { ok: false, message: `"${part}" is not a view number or range (e.g. 1,4,7-9)` };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return { ok: false, message: `range ${part} runs backwards; write ${to}-${from}` };
    for (const v of [from, to]) {
      if (v < 1 || v > nviews) {
        return { ok: false, message: `view ${v} does not exist: views are numbered 1…${nviews}` };
      }
    }
    for (let v = from; v <= to; v++) views.add(v - 1);
  }
  if (views.size >= nviews) return { ok: false, message: `all ${nviews} views excluded; keep at least one` };
  return { ok: true, views: [...views].sort((a, b) => a - b) };
}
