/**
 * For host pages that frame /embed/events: fits each such iframe to the height its
 * page reports. Only messages from the iframe's own window and origin are believed.
 * A classic script (not a module), so `<script src=… async>` works in any CMS.
 */
const MAX_HEIGHT = 20_000;

addEventListener('message', (message: MessageEvent) => {
  const data = message.data as { type?: unknown; height?: unknown } | null;
  if (data?.type !== 'otg-events:height' || typeof data.height !== 'number') return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow !== message.source) continue;
    if (new URL(frame.src, location.href).origin !== message.origin) continue;
    frame.style.height = `${Math.min(MAX_HEIGHT, Math.max(0, Math.ceil(data.height)))}px`;
  }
});
