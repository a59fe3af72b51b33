// Two small DOM helpers: typed element lookup and element creation (text is always set as text,
// never as HTML).

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, "");
    else if (typeof value === "string") element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/** The element with this id, checked to be of the expected class. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing or is not a ${type.name}`);
  return element;
}

/** Replaces a <select>'s options, keeping the current value when it still exists. */
export function setOptions(select: HTMLSelectElement, options: { value: string; label: string }[]): void {
  const current = select.value;
  select.replaceChildren(...options.map((o) => el("option", { value: o.value }, o.label)));
  if (options.some((o) => o.value === current)) select.value = current;
}

/** The elements under `root` matching `selector` that are of the expected class. */
export function all<T extends Element>(root: ParentNode, selector: string, type: { new (): T; prototype: T }): T[] {
  return [...root.querySelectorAll(selector)].filter((e): e is T => e instanceof type);
}
