// Modal dialogs: focus returns where it was when a dialog closes (to the same control after a
// re-render), an error area per dialog, buttons unavailable while a form's request runs, and the
// confirmation dialog. Owns the "where focus was" map.
import { all, byId } from "./dom";

/** A key that finds "the same" control again after the rows are re-rendered. */
export function focusKey(element: Element | null): string | null {
  if (!(element instanceof HTMLElement)) return null;
  if (element.dataset.focusKey !== undefined) return `[data-focus-key="${CSS.escape(element.dataset.focusKey)}"]`;
  if (element.id !== "") return `#${CSS.escape(element.id)}`;
  return null;
}

export function focusByKey(key: string | null): boolean {
  if (key === null) return false;
  const target = document.querySelector(key);
  if (!(target instanceof HTMLElement) || !target.isConnected) return false;
  target.focus();
  return document.activeElement === target;
}

/** The error area of a dialog (its `[data-errors]` element). */
export function dialogErrors(dialog: HTMLDialogElement): HTMLElement {
  const [container] = all(dialog, "[data-errors]", HTMLElement);
  if (container === undefined) throw new Error(`#${dialog.id} has no error area`);
  return container;
}

/** Disables a form's buttons while its request runs (aria-disabled keeps focus where it is). */
export async function busy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll("button")];
  for (const b of buttons) b.setAttribute("aria-disabled", "true");
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    for (const b of buttons) b.removeAttribute("aria-disabled");
    form.removeAttribute("aria-busy");
  }
}

export function isBusy(form: HTMLFormElement): boolean {
  return form.getAttribute("aria-busy") === "true";
}

/** Submits a form through `handler` instead of navigating. */
export function onSubmit(form: HTMLFormElement, handler: () => void | Promise<void>): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void handler();
  });
}

export class Dialogs {
  private readonly returnFocus = new Map<HTMLDialogElement, string | null>();
  private readonly confirmDialog = byId("confirm-dialog", HTMLDialogElement);
  private readonly confirmForm = byId("confirm-form", HTMLFormElement);
  private readonly confirmTitle = byId("confirm-title", HTMLHeadingElement);
  private readonly confirmText = byId("confirm-text", HTMLParagraphElement);
  private readonly confirmButton = byId("confirm-button", HTMLButtonElement);

  /** `home`: where focus goes when the control that opened a dialog is gone. */
  constructor(root: ParentNode, home: HTMLElement) {
    for (const button of all(root, "dialog [data-close]", HTMLButtonElement)) {
      button.addEventListener("click", () => button.closest("dialog")?.close());
    }
    // Focus goes back where it was before a dialog opened (or to the same control, re-rendered).
    for (const dialog of all(root, "dialog", HTMLDialogElement)) {
      dialog.addEventListener("close", () => {
        if (!focusByKey(this.returnFocus.get(dialog) ?? null)) home.focus();
      });
    }
  }

  /** Opens a modal dialog and remembers where focus was, to return it when the dialog closes. */
  open(dialog: HTMLDialogElement, focus?: HTMLElement): void {
    this.returnFocus.set(dialog, focusKey(document.activeElement));
    dialog.returnValue = "";
    dialog.showModal();
    focus?.focus();
  }

  /** Asks to confirm; resolves true when confirmed, false when cancelled or closed. */
  confirm(title: string, text: string, button: string): Promise<boolean> {
    this.confirmTitle.textContent = title;
    this.confirmText.textContent = text;
    this.confirmButton.textContent = button;
    return new Promise((resolve) => {
      const submit = (event: SubmitEvent): void => {
        event.preventDefault();
        this.confirmDialog.close("confirm");
      };
      this.confirmForm.addEventListener("submit", submit);
      this.confirmDialog.addEventListener(
        "close",
        () => {
          this.confirmForm.removeEventListener("submit", submit);
          resolve(this.confirmDialog.returnValue === "confirm");
        },
        { once: true },
      );
      this.open(this.confirmDialog, this.confirmButton);
    });
  }
}
