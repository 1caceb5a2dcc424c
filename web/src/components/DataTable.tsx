import { useMemo, useState, type ReactNode } from 'react';
import { useT } from '../lib/i18n.ts';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /** cell content (text by default: String(row[key])) */
  render?: (row: T, index: number) => ReactNode;
  /** value used for sorting; columns without it are not sortable */
  sortValue?: (row: T) => string | number | null | undefined;
  align?: 'left' | 'right' | 'center';
  className?: string;
  /** the cell's label when the table becomes cards on a phone (default: the header, when it is text) */
  label?: string;
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string | number;
  caption?: ReactNode;
  empty?: ReactNode;
  /** rows above this are paged ("Xem thêm") so slow laptops stay fast */
  pageSize?: number;
  footer?: ReactNode;
  className?: string;
  rowClassName?: (row: T) => string | undefined;
  /** on a phone (≤ 700 px) each row becomes a card, each cell on a line under its label (default); false: the table scrolls in its box */
  cards?: boolean;
}

/** A plain, accessible table with optional sorting (click or Enter on a header) and paging. */
export function DataTable<T>({ columns, rows, rowKey, caption, empty, pageSize = 200, footer, className, rowClassName, cards = true }: DataTableProps<T>) {
  const t = useT();
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const [limit, setLimit] = useState(pageSize);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col?.sortValue) return rows;
    const get = col.sortValue;
    return [...rows].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * sort.dir;
      return String(x).localeCompare(String(y), 'vi', { numeric: true }) * sort.dir;
    });
  }, [rows, columns, sort]);
  const visible = sorted.slice(0, limit);

  const toggle = (key: string) => setSort((s) => (s && s.key === key ? (s.dir === 1 ? { key, dir: -1 } : null) : { key, dir: 1 }));

  return (
    <div className="table-wrap">
      <table className={`data-table ${cards ? 'collapse-table' : ''} ${className ?? ''}`}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => {
              const sortable = !!c.sortValue;
              const active = sort?.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={`${c.align ? `align-${c.align}` : ''} ${c.className ?? ''}`}
                  aria-sort={active ? (sort!.dir === 1 ? 'ascending' : 'descending') : undefined}
                >
                  {sortable ? (
                    <button type="button" className="th-sort" onClick={() => toggle(c.key)}>
                      {c.header}
                      <span aria-hidden="true">{active ? (sort!.dir === 1 ? ' ▲' : ' ▼') : ' ↕'}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {visible.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? t('Không có dữ liệu.', 'No data.')}
              </td>
            </tr>
          )}
          {visible.map((row, i) => (
            <tr key={rowKey(row, i)} className={rowClassName?.(row)}>
              {columns.map((c) => (
                <td key={c.key} className={`${c.align ? `align-${c.align}` : ''} ${c.className ?? ''}`} data-label={(c.label ?? (typeof c.header === 'string' ? c.header : undefined)) || undefined}>
                  {c.render ? c.render(row, i) : String((row as Record<string, unknown>)[c.key] ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
      {sorted.length > limit && (
        <button type="button" className="btn btn-small more" onClick={() => setLimit((l) => l + pageSize)}>
          {t(`Xem thêm (${sorted.length - limit} dòng)`, `Show more (${sorted.length - limit} rows)`)}
        </button>
      )}
    </div>
  );
}
