/**
 * The /embed builder page: pick chapters, language and layout, watch the live
 * preview, and copy either snippet. Snippets use this page's own origin, which is
 * the hub's public address as the editor's browser sees it.
 */
import { createClient } from '@oneteamgov/sdk';
import { h } from './dom.js';
import { pickText } from './i18n.js';
import type { OtgEvents } from './otg-events.js';

const hub = location.origin;
const { release = '', integrity = '' } = document.body.dataset;
const form = document.getElementById('options') as HTMLFormElement;
const preview = document.querySelector('#preview otg-events') as OtgEvents;
const chapterBox = document.getElementById('chapters')!;
const field = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const initial = new URLSearchParams(location.search);

const ENTITIES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };
const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => ENTITIES[c]!);

/** The options as element attributes, leaving out the defaults to keep snippets short. */
function chosen(): [string, string][] {
  const data = new FormData(form);
  const options: [string, string][] = [];
  const chapters = data.getAll('chapter').map(String);
  if (chapters.length) options.push(['chapter', chapters.join(' ')]);
  const lang = String(data.get('lang') ?? '');
  if (lang) options.push(['lang', lang]);
  const layout = String(data.get('layout') ?? 'list');
  if (layout !== 'list') options.push(['layout', layout]);
  const limit = String(data.get('limit') ?? '10');
  if (limit && limit !== '10') options.push(['limit', limit]);
  if (data.get('include-past')) options.push(['include-past', '']);
  return options;
}

function update(): void {
  const options = chosen();
  for (const name of ['chapter', 'lang', 'layout', 'limit', 'include-past']) {
    const option = options.find(([key]) => key === name);
    if (option) preview.setAttribute(name, option[1]);
    else preview.removeAttribute(name);
  }
  const attributes = options
    .map(([key, value]) => (value ? ` ${key}="${escapeAttribute(value)}"` : ` ${key}`))
    .join('');
  const pinned = field<HTMLInputElement>('pin').checked;
  const src = pinned
    ? `${hub}/embed/${release}/otg-events.js" integrity="${integrity}" crossorigin="anonymous`
    : `${hub}/embed/otg-events.js`;
  field<HTMLTextAreaElement>('script-snippet').value =
    `<script type="module" src="${src}"></script>\n<otg-events${attributes}></otg-events>`;
  const query = new URLSearchParams(options);
  const frameSrc = `${hub}/embed/events${options.length ? `?${query}` : ''}`;
  field<HTMLTextAreaElement>('iframe-snippet').value =
    `<iframe src="${escapeAttribute(frameSrc)}" title="One Team Gov events" loading="lazy" style="width:100%;height:40rem;border:0"></iframe>\n<script src="${hub}/embed/resize.js" async></script>`;
}

async function loadChapters(): Promise<void> {
  const wanted = new Set((initial.get('chapter') ?? '').split(/[\s,]+/).filter(Boolean));
  const boxes: HTMLElement[] = [];
  try {
    for await (const chapter of createClient({ baseUrl: hub }).paginate('/v1/chapters', {
      params: { query: { limit: 100 } },
    })) {
      boxes.push(
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            name: 'chapter',
            value: chapter.id,
            checked: wanted.has(chapter.id),
          }),
          ` ${pickText(chapter.name, 'en').text} (${chapter.id})`,
        ),
      );
    }
    chapterBox.replaceChildren(...boxes);
  } catch {
    chapterBox.replaceChildren(h('p', { role: 'alert' }, 'The chapters could not be loaded.'));
  }
  update();
}

for (const name of ['lang', 'layout', 'limit']) {
  const value = initial.get(name);
  const input = form.elements.namedItem(name);
  if (value && input && 'value' in input) input.value = value;
}
if (initial.has('include-past')) field<HTMLInputElement>('include-past').checked = true;

form.addEventListener('input', update);
form.addEventListener('change', update);
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
  button.addEventListener('click', async () => {
    const area = field<HTMLTextAreaElement>(button.dataset.copy!);
    const status = field('copied');
    try {
      await navigator.clipboard.writeText(area.value);
      status.textContent = 'Copied. Paste it into your page.';
    } catch {
      area.select();
      status.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
    }
  });
}
update();
void loadChapters();
