import { useEffect, useRef, useState } from 'react';
import { useT } from '../lib/i18n.ts';
import { Loading } from './Loading.tsx';

/** An ECharts option (kept loose so the shell does not need ECharts' types at build time). */
export type ChartOption = Record<string, unknown>;

/**
 * A chart, with ECharts loaded on first use (a separate chunk). Give it a text alternative:
 * `label` is read by screen readers, and the page should show the same numbers in a table.
 */
export function Chart({ option, height = 320, label }: { option: ChartOption; height?: number; label: string }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: ChartOption, notMerge?: boolean) => void; resize: () => void; dispose: () => void } | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState(false);

  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | null = null;
    import('../lib/echarts-setup.ts')
      .then(({ echarts }) => {
        if (!live || !box.current) return;
        const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
        chart.current = instance as unknown as typeof chart.current;
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(box.current);
        setReady(true);
      })
      .catch(() => live && setError(true));
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option }, true);
  }, [ready, option]);

  return (
    <figure className="chart" style={{ margin: '8px 0' }}>
      {!ready && !error && <Loading label={t('Đang tải biểu đồ…', 'Loading the chart…')} />}
      {error && <p className="muted">{t('Không tải được biểu đồ.', 'The chart could not be loaded.')}</p>}
      <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />
    </figure>
  );
}
