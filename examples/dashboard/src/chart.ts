// The training chart: accuracy (left axis, 0–100 %) and cross-entropy (right axis) against the training step.
// Drawn as plain SVG rather than with a chart library: two lines of at most a few hundred points need no more,
// and the example stays a GraphQL example with nothing else to learn.
import type { DashboardStepFragment } from './gql/graphql.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 16, right: 52, bottom: 34, left: 52 };
const TICKS = 4;

type Attributes = Record<string, string | number>;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Steps of 1, 2, 2.5 or 5 (times a power of ten) read easily; the loss axis takes finer ones to fill the plot. */
const ROUND = [1, 2, 2.5, 5, 10];
const FINE = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest step of `factors` times a power of ten that is at least `value`. */
function niceStep(value: number, factors = ROUND): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return (factors.find((factor) => factor * magnitude >= value) ?? 10) * magnitude;
}

interface Series {
  key: 'accuracy' | 'crossEntropy';
  className: string;
  /** Maps a value to a y coordinate on this series' own axis. */
  y: (value: number) => number;
}

export function trainingChart(steps: readonly DashboardStepFragment[]): SVGSVGElement {
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    class: 'chart',
    'data-points': steps.length,
    'aria-label': `Training metrics over ${steps.length} evaluations`,
  });
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const lastStep = Math.max(1, ...steps.map((step) => step.stepNumber));
  // Both axes share the grid: the loss axis ends at TICKS round steps above the highest loss.
  const lossStep = niceStep(Math.max(0, ...steps.map((step) => step.crossEntropy ?? 0)) / TICKS, FINE);
  const maxLoss = lossStep * TICKS;
  const x = (stepNumber: number) => PAD.left + (stepNumber / lastStep) * plotWidth;
  const yOf = (fraction: number) => PAD.top + (1 - fraction) * plotHeight;

  for (let tick = 0; tick <= TICKS; tick += 1) {
    const y = yOf(tick / TICKS);
    chart.append(
      svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'grid' }),
      svg('text', { x: PAD.left - 8, y: y + 4, 'text-anchor': 'end', class: 'tick accuracy' }, `${(tick / TICKS) * 100}%`),
      svg('text', { x: WIDTH - PAD.right + 8, y: y + 4, class: 'tick loss' }, formatLoss(tick * lossStep)),
    );
  }
  const stepTick = Math.max(1, niceStep(lastStep / 5));
  for (let step = 0; step <= lastStep; step += stepTick) {
    chart.append(svg('text', { x: x(step), y: HEIGHT - PAD.bottom + 18, 'text-anchor': 'middle', class: 'tick' }, String(step)));
  }
  chart.append(svg('text', { x: PAD.left + plotWidth / 2, y: HEIGHT - 4, 'text-anchor': 'middle', class: 'axis-title' }, 'training step'));

  const series: Series[] = [
    { key: 'accuracy', className: 'series accuracy', y: (value) => yOf(value) },
    { key: 'crossEntropy', className: 'series loss', y: (value) => yOf(value / maxLoss) },
  ];
  for (const { key, className, y } of series) {
    const points = steps.flatMap((step) => {
      const value = step[key];
      return value === null || value === undefined ? [] : [`${x(step.stepNumber).toFixed(1)},${y(value).toFixed(1)}`];
    });
    if (points.length === 0) continue;
    chart.append(svg('polyline', { points: points.join(' '), class: className, 'data-series': key }));
    const [lastX, lastY] = points.at(-1)!.split(',');
    chart.append(svg('circle', { cx: lastX!, cy: lastY!, r: 3.5, class: className }));
  }
  return chart;
}

/** At most two decimals, none trailing: 0.25, 1.5, 10. */
export function formatLoss(value: number): string {
  return String(Number(value.toFixed(2)));
}
