import { useState } from 'react';
import { formatFigure } from '../../../src/domain/format.ts';
import { useLang, useT } from '../lib/i18n.ts';
import { ARCHIPELAGOS, MAP_SIZE, PROVINCE_CENTRES, project } from '../lib/province-centres.ts';
import { VIETNAM_OUTLINE } from '../lib/vietnam-outline.ts';
import { StatusBadge } from './StatusBadge.tsx';

export interface MapUnit {
  unit: { id: number; name: string; code?: string | null };
  value: number | null;
  status: string;
}

const STATUSES: [string, string, string][] = [
  ['achieved', 'Đã đạt', 'Achieved'],
  ['on_track', 'Đúng tiến độ', 'On track'],
  ['at_risk', 'Có nguy cơ', 'At risk'],
  ['off_track', 'Chậm tiến độ', 'Off track'],
  ['no_data', 'Chưa có số liệu', 'No data'],
];
const LAND = VIETNAM_OUTLINE.map((ring) => `M${ring.map(([lon, lat]) => project(lat, lon).join(',')).join('L')}Z`).join('');

/** The provinces placed on their administrative centres, coloured by status; a dot opens its province. */
export function hasMapPlaces(units: MapUnit[]): boolean {
  const placed = units.filter((u) => u.unit.code && PROVINCE_CENTRES[u.unit.code]).length;
  return placed >= 2 && placed * 2 >= units.length;
}

export function UnitMap({ units, measureUnit, title, onOpen }: { units: MapUnit[]; measureUnit: string; title: string; onOpen: (unitId: number) => void }) {
  const t = useT();
  const lang = useLang();
  const [pointed, setPointed] = useState<MapUnit | null>(null);
  const placed = units.flatMap((u) => {
    const centre = u.unit.code ? PROVINCE_CENTRES[u.unit.code] : undefined;
    return centre ? [{ u, at: project(centre[0], centre[1]) }] : [];
  });
  const missing = units.length - placed.length;
  const status = (s: string) => (STATUSES.some(([k]) => k === s) ? s : 'no_data');
  // the worst last, so it is drawn on top where dots touch (the Mekong delta)
  const order = ['no_data', 'achieved', 'on_track', 'at_risk', 'off_track'];
  placed.sort((a, b) => order.indexOf(status(a.u.status)) - order.indexOf(status(b.u.status)));
  const counts = new Map<string, number>();
  for (const p of placed) counts.set(status(p.u.status), (counts.get(status(p.u.status)) ?? 0) + 1);
  return (
    <figure className="unit-map" id="unit-map">
      <figcaption>
        <strong>{title}</strong>
        <ul className="map-legend">
          {STATUSES.filter(([k]) => counts.has(k)).map(([k, vi, en]) => (
            <li key={k}><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" className={`map-dot map-status-${k}`} /></svg> {t(vi, en)}: {counts.get(k)}</li>
          ))}
        </ul>
      </figcaption>
      <svg viewBox={`0 0 ${MAP_SIZE[0]} ${MAP_SIZE[1]}`} className="map-svg" role="group" aria-label={title}>
        <path d={LAND} className="map-land" />
        {ARCHIPELAGOS.map((a) => {
          const [x, y] = project(a.lat, a.lon);
          return (
            <g key={a.vi} className="map-islands" aria-hidden="true">
              {[[-6, -3], [0, 4], [5, -2], [-2, 8], [8, 5]].map(([dx, dy]) => <circle key={`${dx},${dy}`} cx={x + dx} cy={y + dy} r="1.4" />)}
              <text x={x + 10} y={y + 22} textAnchor="end">{lang === 'en' ? a.en : a.vi}</text>
            </g>
          );
        })}
        {placed.map(({ u, at: [x, y] }) => {
          const label = `${u.unit.name}: ${formatFigure(u.value, measureUnit, lang)}, ${t(STATUSES.find(([k]) => k === status(u.status))![1], STATUSES.find(([k]) => k === status(u.status))![2])}`;
          return (
            <g key={u.unit.id} role="link" tabIndex={0} aria-label={label} className="map-place" data-code={u.unit.code ?? undefined}
              onClick={() => onOpen(u.unit.id)} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onOpen(u.unit.id); } }}
              onMouseEnter={() => setPointed(u)} onFocus={() => setPointed(u)} onMouseLeave={() => setPointed(null)} onBlur={() => setPointed(null)}>
              <title>{label}</title>
              <circle cx={x} cy={y} r="7" className={`map-dot map-status-${status(u.status)}`} />
            </g>
          );
        })}
      </svg>
      <p className="map-pointed" aria-live="polite">
        {pointed ? <><strong>{pointed.unit.name}</strong>: {formatFigure(pointed.value, measureUnit, lang)} <StatusBadge status={pointed.status} /></> : t('Trỏ vào một chấm để xem, bấm để mở tỉnh đó.', 'Point at a dot to see it, click to open that province.')}
      </p>
      <p className="muted small">
        {t('Mỗi chấm đặt ở trung tâm hành chính của tỉnh, thành phố (không vẽ ranh giới). Đường bờ biển: Natural Earth.', 'Each dot sits on the province’s administrative centre (no boundaries drawn). Coastline: Natural Earth.')}
        {missing > 0 ? ` ${t(`${missing} đơn vị chưa có vị trí trên bản đồ, xem bảng dưới.`, `${missing} units have no place on the map; see the table below.`)}` : ''}
      </p>
    </figure>
  );
}
