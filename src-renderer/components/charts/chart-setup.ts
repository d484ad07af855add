/**
 * chart.js with only the parts Palettize draws (scatter points and lines on linear and log
 * scales, tooltips, legends), registered once.
 */
import {
  Chart,
  Legend,
  LinearScale,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

Chart.register(
  ScatterController,
  LinearScale,
  LogarithmicScale,
  PointElement,
  LineElement,
  Tooltip,
  Legend,
);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
Chart.defaults.font.size = 11;

export { Chart };
