// The report layer: figures and their SVG rendering. Explicit exports only.
export {
  figureSeries,
  type Figure,
  type FigureAxis,
  type FigureBand,
  type FigureHeatmap,
  type FigureReference,
  type FigureRule,
  type FigureSeries,
} from './plot/figure.js';
export { renderFigureSvg, type RenderFigureOptions } from './plot/render-figure-svg.js';
