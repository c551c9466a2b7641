/**
 * Slider updates, latest wins: requests while dragging start at most every `throttleMs`; a request made
 * `now` (on release) starts at once; each start cancels the update still running, so a newer value always
 * supersedes an older one and only the newest result is ever shown.
 */
export interface Cancellable {
  cancel(): void;
}

export interface LatestWins<Req> {
  request(req: Req, now?: boolean): void;
  /** whether `token` (given to `start`) is still the newest update */
  isCurrent(token: number): boolean;
  /** cancels the running update and any pending one; the same request may then be made again */
  cancel(): void;
  dispose(): void;
}

export function latestWins<Req>(
  start: (req: Req, token: number) => Cancellable,
  throttleMs: number,
  /** a request equal to the one last started, with nothing newer pending, is dropped (a release after a key) */
  same: (a: Req, b: Req) => boolean = (a, b) => a === b,
  clock: () => number = () => performance.now(),
): LatestWins<Req> {
  let pending: { req: Req } | null = null;
  let last: { req: Req } | null = null;
  let running: Cancellable | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStart = -Infinity;
  let token = 0;

  const fire = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    const { req } = pending;
    pending = null;
    running?.cancel();
    last = { req };
    lastStart = clock();
    running = start(req, ++token);
  };

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
    running?.cancel();
    running = null;
    last = null;
    token++;
  };

  return {
    request(req, now = false) {
      if (!pending && last && same(last.req, req)) return;
      pending = { req };
      if (now) return fire();
      if (timer !== null) return;
      timer = setTimeout(fire, Math.max(0, throttleMs - (clock() - lastStart)));
    },
    isCurrent: (t) => t === token,
    cancel,
    // nothing is kept that a later request could meet
    dispose: cancel,
  };
}
