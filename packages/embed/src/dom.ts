type Child = Node | string | null | undefined | false;

/**
 * Creates an element. Attributes that are null, undefined or false are left out;
 * children that are strings become text nodes, so event data can never become markup.
 */
export function h(
  tag: string,
  attributes: Record<string, string | number | boolean | null | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null && value !== false) {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) if (child) element.append(child);
  return element;
}
