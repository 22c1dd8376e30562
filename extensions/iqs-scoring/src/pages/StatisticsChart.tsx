import { useEffect, useRef } from 'react';
import type { ChartHandle, ChartRenderer, ChartSpec } from './statistics';

/** The default renderer loads Chart.js on first use (its own chunk in the build). */
export const chartJsRenderer: ChartRenderer = async (canvas, spec) => {
  const { renderWithChartJs } = await import('./chartJsRenderer');
  return renderWithChartJs(canvas, spec);
};

/**
 * A chart on a canvas. The canvas is an image for assistive technology (its label says what it shows); the table
 * beside it carries the same numbers as text.
 */
export function StatisticsChart({ spec, label, renderer = chartJsRenderer }: { spec: ChartSpec; label: string; renderer?: ChartRenderer }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const handle = useRef<ChartHandle | null>(null);
  const latest = useRef(spec);
  latest.current = spec;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    let gone = false;
    void Promise.resolve()
      .then(() => renderer(canvas, latest.current))
      .then((made) => {
        if (gone) made.destroy();
        else {
          handle.current = made;
          // the content may have changed while the renderer loaded
          made.update(latest.current);
        }
      })
      .catch((error: unknown) => console.error('[IQS] the chart could not be drawn', error));
    return () => {
      gone = true;
      handle.current?.destroy();
      handle.current = null;
    };
  }, [renderer]);

  useEffect(() => {
    handle.current?.update(spec);
  }, [spec]);

  return (
    <div className="iqs-chart" data-iqs-chart={spec.kind}>
      <canvas ref={canvasRef} role="img" aria-label={label} />
    </div>
  );
}
