import { pairedRatio, type Row, summarize, type Target, target, type Variant } from './report.js';

/** Ratios, PASS/FAIL targets and table rows from the measured variants. */
export function buildSummary(options: {
  variants: Map<string, Variant>;
  pglite?: Variant | undefined;
  pgliteSingle?: Variant | undefined;
  deepRows: number;
  pgliteConnections: number;
  diagnostics: boolean;
}) {
  const { variants, pglite, pgliteSingle, deepRows, pgliteConnections } = options;
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
  };
  const deep = deepRows.toLocaleString('en-GB');
  const throughput = target(
    'API throughput ÷ baseline (first page)',
    ratios.apiVsBaselineRps,
    '≥',
    0.9,
  );
  const tail = target('API p99 ÷ baseline p99 (first page)', ratios.apiVsBaselineP99, '≤', 1.25);
  const deepTarget = target(
    `deep page (${deep} rows) ÷ first page, API req/s`,
    ratios.apiDeepVsFirstRps,
    '≥',
    0.9,
  );
  const targets: Target[] = [throughput, tail, deepTarget];
  const pgliteTarget = pglite
    ? target(`PGlite p99, ${pgliteConnections} in flight`, summarize(pglite).p99, '≤', 50, 'ms')
    : undefined;
  if (pgliteTarget) targets.push(pgliteTarget);

  const rows: Row[] = [
    {
      scenario: v('api-first').label,
      variant: v('api-first'),
      ratio: ratios.apiVsBaselineRps,
      vs: 'baseline req/s',
      target: '≥ 0.90×',
      pass: throughput.pass,
    },
    {
      scenario: '  (p99)',
      ratio: ratios.apiVsBaselineP99,
      vs: 'baseline p99',
      target: '≤ 1.25×',
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
      target: '≥ 0.90×',
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
      vs: 'API 200',
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
  return { ratios, targets, rows };
}
