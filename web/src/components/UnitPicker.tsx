import { useEffect, useId, useRef, useState } from 'react';
import { useLang, useT } from '../lib/i18n.ts';
import { fetchUnit, unitLevelLabel, useUnitChildren, type UnitNode } from '../lib/units.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Loading } from './Loading.tsx';

export interface UnitPickerProps {
  value: number | null;
  onChange: (id: number | null, unit: UnitNode | null) => void;
  /** the date the tree is shown at ('YYYY-MM-DD'); today by default */
  at?: string | null;
  label?: string;
  /** allow clearing the choice */
  allowEmpty?: boolean;
  id?: string;
}

/** Chooses an administrative unit from the tree (children are loaded when a branch is opened). */
export function UnitPicker({ value, onChange, at = null, label, allowEmpty = true, id }: UnitPickerProps) {
  const t = useT();
  const autoId = useId();
  const buttonId = id ?? `unit-picker-${autoId}`;
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<UnitNode | null>(null);
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (value === null) return setSelected(null);
    if (selected?.id === value) return;
    let live = true;
    fetchUnit(value)
      .then((u) => live && setSelected(u))
      .catch(() => live && setSelected({ id: value, name: `#${value}` } as UnitNode));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => wrap.current && !wrap.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const choose = (unit: UnitNode | null) => {
    setSelected(unit);
    onChange(unit ? unit.id : null, unit);
    setOpen(false);
  };

  return (
    <div className="unit-picker" ref={wrap}>
      {label && <label htmlFor={buttonId}>{label}</label>}
      <div className="unit-picker-row">
        <button id={buttonId} type="button" className="btn unit-picker-button" aria-expanded={open} aria-haspopup="tree" onClick={() => setOpen((o) => !o)}>
          {selected ? selected.name : t('— Chọn đơn vị —', '— Choose a unit —')}
        </button>
        {allowEmpty && selected && (
          <button type="button" className="btn btn-small btn-link" onClick={() => choose(null)}>
            {t('Bỏ chọn', 'Clear')}
          </button>
        )}
      </div>
      {open && (
        <div className="unit-picker-panel">
          <UnitBranch parentId={null} at={at} onChoose={choose} selectedId={value} depth={0} />
        </div>
      )}
    </div>
  );
}

function UnitBranch({ parentId, at, onChoose, selectedId, depth }: { parentId: number | null; at: string | null; onChoose: (u: UnitNode) => void; selectedId: number | null; depth: number }) {
  const t = useT();
  const { nodes, error, retry } = useUnitChildren(parentId, at);
  if (error) return <ErrorMessage error={error} onRetry={retry} />;
  if (!nodes) return <Loading />;
  if (nodes.length === 0) return <p className="muted small">{t('Không có đơn vị trực thuộc.', 'No units below.')}</p>;
  return (
    <ul role={depth === 0 ? 'tree' : 'group'} className="unit-tree">
      {nodes.map((n) => (
        <UnitItem key={n.id} node={n} at={at} onChoose={onChoose} selectedId={selectedId} depth={depth} />
      ))}
    </ul>
  );
}

function UnitItem({ node, at, onChoose, selectedId, depth }: { node: UnitNode; at: string | null; onChoose: (u: UnitNode) => void; selectedId: number | null; depth: number }) {
  const t = useT();
  const lang = useLang();
  const [expanded, setExpanded] = useState(false);
  const canExpand = node.hasChildren !== false;
  return (
    <li role="treeitem" aria-expanded={canExpand ? expanded : undefined} aria-selected={selectedId === node.id}>
      <div className="unit-row">
        {canExpand ? (
          <button type="button" className="tree-toggle" aria-label={expanded ? t('Thu gọn', 'Collapse') : t('Mở rộng', 'Expand')} onClick={() => setExpanded((e) => !e)}>
            {expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <button type="button" className={`unit-choose ${selectedId === node.id ? 'selected' : ''}`} onClick={() => onChoose(node)}>
          {node.name}
        </button>
        <span className="muted small"> {unitLevelLabel(node.level, lang, node.kind)}</span>
      </div>
      {expanded && <UnitBranch parentId={node.id} at={at} onChoose={onChoose} selectedId={selectedId} depth={depth + 1} />}
    </li>
  );
}
