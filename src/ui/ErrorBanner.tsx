import { useAppStore } from '../state/appStore.ts';

/** The one place errors show: which file, what is wrong, what to do. Dismissible; the app keeps working. */
export function ErrorBanner() {
  const error = useAppStore((s) => s.error);
  const dismiss = useAppStore((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <div className="error-text">
        <strong>{error.title}</strong>
        <span className="error-message">{error.message}</span>
        <span className="error-hint">{error.hint}</span>
      </div>
      {error.action && (
        <button type="button" data-testid="error-action" onClick={error.action.run}>
          {error.action.label}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss error" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
