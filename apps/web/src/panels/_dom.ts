// DOM helpers of the panels (private to src/panels).

/**
 * The page's element with this `id`, checked to be a `type` (e.g. `HTMLSelectElement`; any element when
 * left out). Throws when it is missing or of another kind, so a panel fails at once, not on first use.
 */
export function element<T extends HTMLElement = HTMLElement>(id: string, type?: abstract new () => T): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`#${id} is missing from the page`);
  if (type !== undefined && !(found instanceof type)) {
    throw new Error(`#${id} is a <${found.tagName.toLowerCase()}>, not an ${type.name}`);
  }
  return found as T;
}

/** Replaces the items of a `<ul>` / `<ol>` with one `<li>` per line. */
export function setList(list: HTMLElement, lines: readonly string[]): void {
  list.replaceChildren(
    ...lines.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }),
  );
}

/** Disables (or enables) every control of a form. */
export function setFormDisabled(form: HTMLFormElement, disabled: boolean): void {
  for (const control of form.elements) (control as HTMLInputElement).disabled = disabled;
}
