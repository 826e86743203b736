import { pairedRatio, type Row, summarize, type Target, target, type Variant } from './report.js';

/** Ratios, PASS/FAIL targets and table rows from the measured variants. */
export function buildSummary(options: {
  variants: Map<string, Variant>;
  pglite?: Variant | undefined;
  pgliteSingle?: Variant | undefined;
  /** The API on PGlite with every request a new URL (each one reads PGlite). */
  pgliteMiss?: Variant | undefined;
  deepRows: number;
  pgliteConnections: number;
  diagnostics: boolean;
}) {
  const { variants, pglite, pgliteSingle, pgliteMiss, deepRows, pgliteConnections } = options;
  const v = (id: string) => {
    const variant = variants.get(id);
    if (!variant) throw new Error(`no variant ${id}`);
    return variant;
  };
  const ratios = {
    apiVsBaselineRps: pairedRatio(v('api-first'), v('baseline-first'), 'rps'),
    apiVsBaselineP99: pairedRatio(v('api-first'), v('baseline-first'), 'p99'),
    apiVsCeilingRps: pairedRatio(v('api-first'), v('ceiling-first'), 'rps'),
    apiVsCeilingP99: pairedRatio(v('api-first'), v('ceiling-first'), 'p99'),
    baselineVsCeilingRps: pairedRatio(v('baseline-first'), v('ceiling-first'), 'rps'),
    apiDeepVsFirstRps: pairedRatio(v('api-deep'), v('api-first'), 'rps'),
    baselineDeepVsFirstRps: pairedRatio(v('baseline-deep'), v('baseline-first'), 'rps'),
    api304VsApi200Rps: pairedRatio(v('api-304'), v('api-first'), 'rps'),
    baseline304VsBaseline200Rps: pairedRatio(v('baseline-304'), v('baseline-first'), 'rps'),
    api304VsBaseline304Rps: pairedRatio(v('api-304'), v('baseline-304'), 'rps'),
    pgliteP99ManyVsOne:
      pglite && pgliteSingle ? pairedRatio(pglite, pgliteSingle, 'p99') : Number.NaN,
    // Pages the API builds (every URL new) against the baseline, which always builds.
    apiMissVsBaselineRps: pairedRatio(v('api-first-miss'), v('baseline-first-miss'), 'rps'),
    apiMissVsBaselineP99: pairedRatio(v('api-first-miss'), v('baseline-first-miss'), 'p99'),
    api304VsApiMissRps: pairedRatio(v('api-304'), v('api-first-miss'), 'rps'),
    // What compression costs: br against identity, for kept pages and built ones.
    apiBrVsIdentityRps: pairedRatio(v('api-first-br'), v('api-first'), 'rps'),
    apiMissBrVsMissRps: pairedRatio(v('api-first-miss-br'), v('api-first-miss'), 'rps'),
    pgliteMissP99ManyVsOne:
      pgliteMiss && pgliteSingle ? pairedRatio(pgliteMiss, pgliteSingle, 'p99') : Number.NaN,
  };
  const deep = deepRows.toLocaleString('en-GB');
  const throughput = target(
    'API throughput ÷ baseline (first page)',
    ratios.apiVsBaselineRps,
    '≥',
    1.0,
  );
  const tail = target('API p99 ÷ baseline p99 (first page)', ratios.apiVsBaselineP99, '≤', 1.1);
  const deepTarget = target(
    `deep page (${deep} rows) ÷ first page, API req/s`,
    ratios.apiDeepVsFirstRps,
    '≥',
    0.95,
  );
  const revalidation = target(
    'API 304 ÷ API 200 built for the request, req/s',
    ratios.api304VsApiMissRps,
    '≥',
    3,
  );
  const targets: Target[] = [throughput, tail, deepTarget, revalidation];
  const pgliteTarget = pglite
    ? target(`PGlite p99, ${pgliteConnections} in flight`, summarize(pglite).p99, '≤', 50, 'ms')
    : undefined;
  if (pgliteTarget) targets.push(pgliteTarget);
  const pgliteMissTarget = pgliteMiss
    ? target(
        `PGlite p99, ${pgliteConnections} in flight, every URL new`,
        summarize(pgliteMiss).p99,
        '≤',
        50,
        'ms',
      )
    : undefined;
  if (pgliteMissTarget) targets.push(pgliteMissTarget);

  const rows: Row[] = [
    {
      scenario: v('api-first').label,
      variant: v('api-first'),
      ratio: ratios.apiVsBaselineRps,
      vs: 'baseline req/s',
      target: '≥ 1.00×',
      pass: throughput.pass,
    },
    {
      scenario: '  (p99)',
      ratio: ratios.apiVsBaselineP99,
      vs: 'baseline p99',
      target: '≤ 1.10×',
      pass: tail.pass,
    },
    { scenario: '  (vs ceiling)', ratio: ratios.apiVsCeilingRps, vs: 'ceiling req/s' },
    {
      scenario: v('baseline-first').label,
      variant: v('baseline-first'),
      ratio: ratios.baselineVsCeilingRps,
      vs: 'ceiling req/s',
    },
    { scenario: v('ceiling-first').label, variant: v('ceiling-first') },
    {
      scenario: v('api-first-miss').label,
      variant: v('api-first-miss'),
      ratio: ratios.apiMissVsBaselineRps,
      vs: 'baseline req/s, every URL new',
    },
    {
      scenario: '  (p99)',
      ratio: ratios.apiMissVsBaselineP99,
      vs: 'baseline p99, every URL new',
    },
    { scenario: v('baseline-first-miss').label, variant: v('baseline-first-miss') },
    {
      scenario: v('api-first-br').label,
      variant: v('api-first-br'),
      ratio: ratios.apiBrVsIdentityRps,
      vs: 'API identity req/s',
    },
    {
      scenario: v('api-first-miss-br').label,
      variant: v('api-first-miss-br'),
      ratio: ratios.apiMissBrVsMissRps,
      vs: 'API identity req/s, every URL new',
    },
  ];
  if (options.diagnostics) {
    rows.push(
      {
        scenario: v('baseline-unprepared-first').label,
        variant: v('baseline-unprepared-first'),
        ratio: pairedRatio(v('baseline-unprepared-first'), v('baseline-first'), 'rps'),
        vs: 'baseline req/s',
      },
      {
        scenario: v('api-logging-first').label,
        variant: v('api-logging-first'),
        ratio: pairedRatio(v('api-logging-first'), v('api-first'), 'rps'),
        vs: 'API req/s',
      },
    );
  }
  rows.push(
    {
      scenario: v('api-deep').label,
      variant: v('api-deep'),
      ratio: ratios.apiDeepVsFirstRps,
      vs: 'API first page',
      target: '≥ 0.95×',
      pass: deepTarget.pass,
    },
    {
      scenario: v('baseline-deep').label,
      variant: v('baseline-deep'),
      ratio: ratios.baselineDeepVsFirstRps,
      vs: 'baseline first page',
    },
    {
      scenario: v('api-304').label,
      variant: v('api-304'),
      ratio: ratios.api304VsApi200Rps,
      vs: 'API 200 (kept page)',
    },
    {
      scenario: '  (vs a built page)',
      ratio: ratios.api304VsApiMissRps,
      vs: 'API 200, every URL new',
      target: '≥ 3.00×',
      pass: revalidation.pass,
    },
    {
      scenario: v('baseline-304').label,
      variant: v('baseline-304'),
      ratio: ratios.baseline304VsBaseline200Rps,
      vs: 'baseline 200',
    },
  );
  if (pglite && pgliteTarget) {
    rows.push({
      scenario: pglite.label,
      variant: pglite,
      target: 'p99 ≤ 50 ms',
      pass: pgliteTarget.pass,
    });
  }
  if (pglite && pgliteSingle) {
    rows.push({
      scenario: pgliteSingle.label,
      variant: pgliteSingle,
      ratio: ratios.pgliteP99ManyVsOne,
      vs: `p99 at ${pgliteConnections} ÷ p99 at 1`,
    });
  }
  if (pgliteMiss && pgliteMissTarget) {
    rows.push({
      scenario: pgliteMiss.label,
      variant: pgliteMiss,
      ratio: ratios.pgliteMissP99ManyVsOne,
      vs: `p99 ÷ p99 at 1 (kept page)`,
      target: 'p99 ≤ 50 ms',
      pass: pgliteMissTarget.pass,
    });
  }
  return { ratios, targets, rows };
}
