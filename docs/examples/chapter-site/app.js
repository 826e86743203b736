// A chapter website's events list: a dozen lines with the SDK. Served next to the
// SDK's built ESM file as ./sdk.js (see serve.mjs). Query parameters:
//   ?api=<hub base URL>  (default http://127.0.0.1:3000)
//   &chapter=<chapter id> (default wales)
//   &lang=<language>      (default: the browser's, then English)
import { createClient, isApiError } from './sdk.js';

const params = new URLSearchParams(location.search);
const hub = createClient({ baseUrl: params.get('api') ?? 'http://127.0.0.1:3000' });
const chapterId = params.get('chapter') ?? 'wales';
const languages = [params.get('lang'), ...navigator.languages, 'en'].filter(Boolean);

/** The best translation of a localized text map for this reader. */
const pick = (text) =>
  text ? (languages.map((l) => text[l.split('-')[0]]).find(Boolean) ?? Object.values(text)[0]) : '';

const state = document.getElementById('state');
const list = document.getElementById('events');

async function main() {
  const chapter = await hub.GET('/v1/chapters/{chapterId}', { params: { path: { chapterId } } });
  document.getElementById('chapter-name').textContent = pick(chapter.name);
  let count = 0;
  for await (const event of hub.paginate('/v1/chapters/{chapterId}/events', {
    params: { path: { chapterId }, query: { limit: 20 } },
  })) {
    const item = document.createElement('li');
    item.className = 'event';
    const when = new Date(event.startsAt).toLocaleString(languages[0], {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: event.timeZone,
    });
    item.innerHTML =
      '<time></time><strong class="title"></strong> <span class="status"></span><div class="muted"></div>';
    item.querySelector('time').textContent = when;
    item.querySelector('time').dateTime = event.startsAt;
    item.querySelector('.title').textContent = pick(event.title);
    if (event.status !== 'scheduled')
      item.querySelector('.status').textContent = `(${event.status})`;
    item.querySelector('.muted').textContent =
      event.venue?.name ?? (event.attendanceMode === 'online' ? 'Online' : '');
    list.append(item);
    if (++count >= 50) break;
  }
  state.textContent = count
    ? `${count} upcoming event${count === 1 ? '' : 's'}`
    : 'No upcoming events';
}

main().catch((error) => {
  state.textContent = isApiError(error)
    ? `The hub answered ${error.status}: ${error.problem?.detail ?? error.message}`
    : `Could not reach the hub: ${error.message}`;
});
