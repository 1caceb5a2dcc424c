import { useState } from 'react';
import { formatDate } from '../../../../src/domain/format.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { setQuery, useRoute } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { fetchUnit, today, unitLevelLabel, useUnitChildren, type UnitNode, type UnitRef } from '../../lib/units.ts';
import { DateInput } from '../../components/DateInput.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';

/** The administrative tree as it stood on a date ("tại ngày"); branches load when opened. */
export default function UnitTreePage() {
  const t = useT();
  const { query } = useRoute();
  const raw = query.get('at');
  const at = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : today();
  const presets: [string, string][] = [
    ['2021-01-01', '01/01/2021'],
    ['2025-06-30', '30/06/2025'],
    ['2025-07-01', '01/07/2025'],
    [today(), t('Hôm nay', 'Today')],
  ];
  return (
    <section>
      <h1>{t('Đơn vị hành chính', 'Administrative units')}</h1>
      <p className="lead">
        {t(
          'Cây đơn vị hành chính theo thời gian: từ 01/07/2025 không còn cấp huyện và còn 34 tỉnh, thành phố. Chọn ngày để xem các đơn vị có hiệu lực vào ngày đó.',
          'The administrative tree over time: since 01/07/2025 there are no districts and 34 provinces. Choose a date to see the units in force that day.',
        )}
      </p>
      <div className="toolbar panel">
        <div className="field">
          <label htmlFor="tree-at">{t('Tại ngày', 'On date')}</label>
          <DateInput id="tree-at" value={at} onChange={(date) => date && setQuery({ at: date })} />
        </div>
        <div className="form-actions" style={{ marginTop: 0 }} role="group" aria-label={t('Chọn nhanh', 'Quick dates')}>
          {presets.map(([value, label]) => (
            <button key={value + label} type="button" className="btn btn-small" aria-pressed={value === at} onClick={() => setQuery({ at: value })}>
              {label}
            </button>
          ))}
        </div>
        <div className="muted">
          {t('Đang xem:', 'Showing:')} <strong className="tree-date">{formatDate(at)}</strong>
        </div>
      </div>
      <div className="panel">
        <Branch key={at} parentId={null} at={at} depth={0} />
      </div>
    </section>
  );
}

function Branch({ parentId, at, depth }: { parentId: number | null; at: string; depth: number }) {
  const t = useT();
  const { nodes, error, retry } = useUnitChildren(parentId, at);
  if (error) return <ErrorMessage error={error} onRetry={retry} />;
  if (!nodes) return <Loading />;
  if (nodes.length === 0) return <p className="muted small">{t('Không có đơn vị trực thuộc vào ngày này.', 'No units below on this date.')}</p>;
  return (
    <>
      {depth === 0 && (
        <p className="small muted unit-count">
          {t(`${nodes.length} đơn vị`, `${nodes.length} units`)}
        </p>
      )}
      <ul className="unit-tree" role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? t('Cây đơn vị hành chính', 'Administrative tree') : undefined}>
        {nodes.map((n) => (
          <Node key={n.id} node={n} at={at} depth={depth} />
        ))}
      </ul>
    </>
  );
}

function Node({ node, at, depth }: { node: UnitNode; at: string; depth: number }) {
  const t = useT();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const canOpen = node.hasChildren !== false;
  return (
    <li role="treeitem" aria-expanded={canOpen ? open : undefined} aria-level={depth + 1} data-unit-level={node.level}>
      <div className="unit-row">
        {canOpen ? (
          <button type="button" className="tree-toggle" aria-label={(open ? t('Thu gọn ', 'Collapse ') : t('Mở ', 'Expand ')) + node.name} onClick={() => setOpen((o) => !o)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <Link className="unit-link" to={`/units/${node.id}?at=${at}`}>
          {node.fullName ?? node.name}
        </Link>
        <span className="muted small">· {unitLevelLabel(node.level, lang, node.kind)}</span>
        {node.validTo && (
          <span className="muted small">
            · {t('đến', 'until')} {formatDate(previousDay(node.validTo))}
          </span>
        )}
        {node.successors.length > 0 || node.predecessors.length > 0 ? (
          <Succession successors={node.successors} predecessors={node.predecessors} />
        ) : (
          (node.validTo || (node.validFrom && node.validFrom > '1900-01-01')) && <SuccessionOnDemand id={node.id} name={node.name} />
        )}
      </div>
      {open && <Branch parentId={node.id} at={at} depth={depth + 1} />}
    </li>
  );
}

function Succession({ successors, predecessors }: { successors: UnitRef[]; predecessors: UnitRef[] }) {
  const t = useT();
  return (
    <>
      {successors.length > 0 && (
        <span className="succession">
          → {t('kế thừa bởi', 'succeeded by')}{' '}
          {successors.map((s, i) => (
            <span key={s.id}>
              {i > 0 && ', '}
              <Link to={`/units/${s.id}`}>{s.name}</Link>
              {s.effectiveDate && ` (${formatDate(s.effectiveDate)})`}
            </span>
          ))}
        </span>
      )}
      {predecessors.length > 0 && (
        <span className="succession">
          ← {t('hình thành từ', 'formed from')}{' '}
          {predecessors.map((s, i) => (
            <span key={s.id}>
              {i > 0 && ', '}
              <Link to={`/units/${s.id}`}>{s.name}</Link>
            </span>
          ))}
        </span>
      )}
    </>
  );
}

/** Merges are fetched for one unit when asked (the tree itself stays one request per branch). */
function SuccessionOnDemand({ id, name }: { id: number; name: string }) {
  const t = useT();
  const [unit, setUnit] = useState<UnitNode | null>(null);
  const [busy, setBusy] = useState(false);
  if (unit) {
    if (!unit.successors.length && !unit.predecessors.length) return <span className="muted small">· {t('không có sáp nhập', 'no merge')}</span>;
    return <Succession successors={unit.successors} predecessors={unit.predecessors} />;
  }
  return (
    <button
      type="button"
      className="btn btn-small btn-link succession-toggle"
      disabled={busy}
      aria-label={t(`Xem sáp nhập của ${name}`, `Show the merges of ${name}`)}
      onClick={() => {
        setBusy(true);
        fetchUnit(id)
          .then(setUnit)
          .catch(() => setBusy(false));
      }}
    >
      {t('lịch sử sáp nhập', 'merge history')}
    </button>
  );
}

/** valid_to is the first day a unit no longer exists: show the last day it did. */
export function previousDay(iso: string): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
