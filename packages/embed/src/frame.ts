/**
 * Runs inside the /embed/events page: tells the page that framed it how tall the
 * events are, whenever that changes, so `resize.js` on the host can fit the iframe.
 * The height is not sensitive, so any host may receive it.
 */
const report = () => {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (parent !== window) parent.postMessage({ type: 'otg-events:height', height }, '*');
};
new ResizeObserver(report).observe(document.body);
addEventListener('otg-events:render', report);
