import * as Comlink from 'comlink';

/**
 * Comlink sends a thrown Error as {message, name, stack}; our WedgeLabError also carries a `code` the UI
 * uses to say what to do. Call once in the worker: thrown errors then keep `code` (and drop the stack).
 */
export function preserveErrorCodes(): void {
  const base = Comlink.transferHandlers.get('throw');
  if (!base) return;
  Comlink.transferHandlers.set('throw', {
    canHandle: base.canHandle,
    deserialize: base.deserialize,
    serialize(thrown: unknown) {
      const value = (thrown as { value?: unknown }).value;
      if (value instanceof Error) {
        const code = (value as { code?: unknown }).code;
        const wire = { isError: true, value: { message: value.message, name: value.name, code } };
        return [wire, []];
      }
      return base.serialize(thrown);
    },
  });
}
