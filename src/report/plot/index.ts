// SVG plots of claim figures: no dependencies, deterministic output.
export { axisScale, type AxisScale, type AxisTick, type TickLabel } from './axis-scale.js';
export { linearTicks, type LinearTicks } from './linear-ticks.js';
export { logTicks, type LogTicks } from './log-ticks.js';
export { renderFigureSvg, type RenderFigureOptions } from './render-figure-svg.js';
