import type { ImageInfo } from '../../../src-main/api/contract';
import type { PaneSide, PaneSource, Series } from '../../app/explorer-state';
import { ComparePane } from './ComparePane';
import type { PaneContent } from './pane-content';
import { SplitView } from './SplitView';
import type { CompareControls } from './useCompareView';

interface CompareViewProps {
  image: ImageInfo;
  panes: Record<PaneSide, PaneContent>;
  series: Series[];
  controls: CompareControls;
  onShow(side: PaneSide, source: PaneSource): void;
}

/** The original and the results, side by side or split, zoomed and panned together. */
export function CompareView({ image, panes, series, controls, onShow }: CompareViewProps) {
  if (controls.layout === 'split') {
    return (
      <div className="compare compare-split">
        <SplitView
          image={image}
          panes={panes}
          series={series}
          view={controls.view}
          split={controls.split}
          onSplitChange={controls.setSplit}
          onViewChange={controls.changeView}
          onPaneSize={controls.reportPaneSize}
          onShow={onShow}
        />
      </div>
    );
  }
  return (
    <div className="compare compare-side">
      {(['left', 'right'] as const).map((side) => (
        <ComparePane
          key={side}
          side={side}
          image={image}
          content={panes[side]}
          series={series}
          view={controls.view}
          onViewChange={controls.changeView}
          onPaneSize={controls.reportPaneSize}
          onShow={(source) => onShow(side, source)}
        />
      ))}
    </div>
  );
}
