import type { EpisodeEntry } from '../../src/app/contract.ts';
import { drawLineChart, type LineSeries } from '../charts/canvas.ts';
import { roundSeries, type RoundPoint } from '../charts/round-series.ts';
import { el, setHidden, setText } from '../dom.ts';

interface Chart {
  title: string;
  testid: string;
  color: string;
  pick: (p: RoundPoint) => number | null;
  yLabel?: (v: number) => string;
}

const CHARTS: readonly Chart[] = [
  { title: 'Interventions per minute', testid: 'chart-interventions', color: '#4aa3ff', pick: (p) => p.interventionsPerMin },
  { title: 'Operator share', testid: 'chart-operator-share', color: '#36d67a', pick: (p) => p.operatorShare, yLabel: (v) => `${Math.round(v * 100)}%` },
  { title: 'Failures per km (collisions + departures)', testid: 'chart-failures', color: '#e5484d', pick: (p) => p.failuresPerKm },
];

/** One small chart per figure, one point per round; quarantined episodes left out as training leaves them. */
export class RoundCharts {
  private readonly canvases = CHARTS.map((c) => el('canvas', { class: 'chart round-chart', testid: c.testid, width: 360, height: 150 }));
  private readonly empty = el('div', { class: 'muted', text: 'No episodes yet: drive a few rounds and the curves appear here.' });
  readonly root = el('div', { class: 'round-charts', testid: 'round-charts' },
    ...CHARTS.map((c, i) => el('div', { class: 'chart-box' }, el('div', { class: 'chart-head' }, el('span', { class: 'chart-title', text: c.title })), this.canvases[i])),
    this.empty);
  private readonly note = el('div', { class: 'muted round-note' });
  private points: RoundPoint[] = [];

  constructor() {
    this.root.append(this.note);
  }

  update(episodes: readonly EpisodeEntry[]): void {
    this.points = roundSeries(episodes);
    setHidden(this.empty, this.points.length > 0);
    setText(this.note, this.points.length ? `${this.points.length} round${this.points.length === 1 ? '' : 's'}; round 0 is the demonstrations (no interventions to count).` : '');
    this.draw();
  }

  draw(): void {
    const labels = this.points.map((p) => `R${p.round}`);
    CHARTS.forEach((c, i) => {
      const canvas = this.canvases[i];
      if (!canvas) return;
      const series: LineSeries[] = [{ label: c.title, color: c.color, values: this.points.map(c.pick) }];
      drawLineChart(canvas, series, { xLabels: labels, yLabel: c.yLabel, empty: 'no data' });
    });
  }
}
