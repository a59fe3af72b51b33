// The page's messages: error panels (`role="alert"`, one per title, at most three in an area) and
// the notice line (`aria-live`). It owns the notice timer and the panel counter.
import { all } from "./dom";
import { errorPanel, isAbort, type ErrorAction } from "./errors";

export class Messages {
  private panelCount = 0;
  private noticeTimer: number | undefined;

  constructor(
    /** The page's own error area (a dialog passes its own). */
    private readonly errors: HTMLElement,
    private readonly notice: HTMLElement,
    /** Where focus goes when a dismissed panel was not in a dialog. */
    private readonly home: HTMLElement,
  ) {}

  /** Shows the error as the package reports it; an abort shows nothing (null). */
  showError(title: string, error: unknown, container: HTMLElement = this.errors, action?: ErrorAction): HTMLElement | null {
    if (isAbort(error)) return null;
    // One panel per title: a repeated failure replaces the previous one instead of piling up.
    for (const existing of all(container, ".error", HTMLElement)) {
      if (existing.dataset.title === title) existing.remove();
    }
    const panel = errorPanel(title, error, () => {
      panel.remove();
      // Dismissing must not drop focus on the body: the dialog's first field, or the list.
      const field = container.closest("dialog")?.querySelector("input, select, textarea");
      if (field instanceof HTMLElement) field.focus();
      else this.home.focus();
    }, action);
    this.panelCount += 1;
    panel.id = `error-${this.panelCount}`;
    panel.dataset.title = title;
    container.prepend(panel);
    while (container.children.length > 3) container.lastElementChild?.remove();
    return panel;
  }

  /** Removes the page's panel with this title, if it is shown. */
  dismiss(title: string): void {
    for (const panel of all(this.errors, ".error", HTMLElement)) {
      if (panel.dataset.title === title) panel.remove();
    }
  }

  clearErrors(container: HTMLElement = this.errors): void {
    container.replaceChildren();
  }

  notify(message: string): void {
    window.clearTimeout(this.noticeTimer);
    this.notice.textContent = message;
    this.notice.classList.add("visible");
    this.noticeTimer = window.setTimeout(() => this.notice.classList.remove("visible"), 8000);
  }
}
