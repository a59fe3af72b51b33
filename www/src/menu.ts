// One shared "More actions" menu for the rows (the WAI-ARIA menu button pattern), shown in the top
// layer (popover) so the table's clipping never hides it. Keyboard: Enter, Space or ArrowDown on
// the button opens it on the first item, ArrowUp on the last; ArrowUp/ArrowDown/Home/End move;
// Escape closes it and returns focus to its button; Tab closes it and moves on from the button.
import { el } from "./dom";

export interface MenuItem {
  label: string;
  /** Runs after the menu closed (focus is back on the button). */
  run: () => void;
}

export class RowMenu {
  readonly element: HTMLElement;
  private button: HTMLButtonElement | null = null;

  /** `parent`: where the menu lives in the document (a landmark); it shows in the top layer. */
  constructor(id: string, parent: HTMLElement) {
    this.element = el("div", { id, role: "menu", popover: "manual", class: "menu" });
    parent.append(this.element);
    this.element.addEventListener("keydown", (event) => this.onKey(event));
    document.addEventListener("pointerdown", (event) => {
      if (!this.isOpen || !(event.target instanceof Node)) return;
      if (this.element.contains(event.target) || this.button?.contains(event.target)) return;
      this.close(false);
    });
    window.addEventListener("resize", () => this.close(false));
  }

  get isOpen(): boolean {
    return this.button !== null;
  }

  /** The button the menu is open for. */
  get owner(): HTMLButtonElement | null {
    return this.button;
  }

  /** Wires a menu button: `items()` gives the entries when it opens. */
  attach(button: HTMLButtonElement, labelledBy: string, items: () => MenuItem[]): void {
    button.setAttribute("aria-haspopup", "menu");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", this.element.id);
    const open = (focus: "first" | "last"): void => this.open(button, labelledBy, items(), focus);
    button.addEventListener("click", () => {
      if (this.button === button) this.close(true);
      else open("first");
    });
    button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        open(event.key === "ArrowDown" ? "first" : "last");
      }
    });
  }

  /** After the rows are re-rendered: follows the new button with the same key, else closes. */
  rebind(find: (old: HTMLButtonElement) => HTMLButtonElement | null): void {
    if (this.button === null || this.button.isConnected) return;
    const next = find(this.button);
    if (next === null) {
      this.close(false);
      return;
    }
    next.setAttribute("aria-expanded", "true");
    this.button = next;
    this.place(next);
  }

  close(returnFocus: boolean): void {
    const button = this.button;
    if (button === null) return;
    this.button = null;
    button.setAttribute("aria-expanded", "false");
    if (this.element.matches(":popover-open")) this.element.hidePopover();
    if (returnFocus && button.isConnected) button.focus();
  }

  private open(button: HTMLButtonElement, labelledBy: string, items: MenuItem[], focus: "first" | "last"): void {
    this.close(false);
    this.button = button;
    button.setAttribute("aria-expanded", "true");
    this.element.setAttribute("aria-labelledby", labelledBy);
    this.element.replaceChildren(
      ...items.map((item) => {
        const entry = el("button", { type: "button", role: "menuitem", tabindex: "-1", class: "menu-item" }, item.label);
        entry.addEventListener("click", () => {
          this.close(true);
          item.run();
        });
        return entry;
      }),
    );
    this.element.showPopover();
    this.place(button);
    const entries = this.entries();
    (focus === "first" ? entries[0] : entries[entries.length - 1])?.focus();
  }

  private place(button: HTMLButtonElement): void {
    const box = button.getBoundingClientRect();
    const width = this.element.offsetWidth;
    const height = this.element.offsetHeight;
    const left = Math.max(8, Math.min(box.right - width, window.innerWidth - width - 8));
    const below = box.bottom + 4;
    const top = below + height > window.innerHeight - 8 ? Math.max(8, box.top - height - 4) : below;
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
  }

  private entries(): HTMLButtonElement[] {
    return [...this.element.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  private onKey(event: KeyboardEvent): void {
    const entries = this.entries();
    const index = entries.findIndex((entry) => entry === document.activeElement);
    const move = (to: number): void => {
      event.preventDefault();
      entries[(to + entries.length) % entries.length]?.focus();
    };
    switch (event.key) {
      case "ArrowDown":
        move(index + 1);
        break;
      case "ArrowUp":
        move(index - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(entries.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        this.close(true);
        break;
      case "Tab":
        // Focus goes back to the button; the browser's Tab then moves on from there.
        this.close(true);
        break;
    }
  }
}
