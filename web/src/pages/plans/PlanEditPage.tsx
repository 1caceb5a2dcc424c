import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, useApi } from '../../lib/api.ts';
import { COMPARATOR_LABELS, formatComparator } from '../../../../src/domain/format.ts';
import { DateInput } from '../../components/DateInput.tsx';
import { useLang, useT } from '../../lib/i18n.ts';
import type { PageProps } from '../../lib/pages.ts';
import { navigate } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { listOf } from '../../lib/units.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { NumberInput } from './NumberInput.tsx';
import { toInput, type PlanDocument, type PlanDocumentInput, type PlanMeasure, type PlanSummary } from './types.ts';
import type { Comparator } from '../../../../src/domain/model.ts';

type Input = PlanDocumentInput;
type IndicatorInput = NonNullable<Input['indicators']>[number];
type TargetInput = NonNullable<IndicatorInput['targets']>[number];

interface CatalogueIndicator {
  code: string;
  nameVi: string;
  nameEn?: string | null;
  objective?: string | number | null;
  measures: { code: string; nameVi: string; nameEn?: string | null; unit: PlanMeasure['unit'] }[];
}

const EMPTY: Input = { title: '', kind: 'action_programme', status: 'draft', indicators: [], objectives: [] };

/** Create a plan, or edit a draft's header and targets (PUT with the version read; 409 = someone else saved). */
export default function PlanEditPage({ params }: PageProps) {
  const t = useT();
  const lang = useLang();
  const isNew = params.id === undefined;
  const id = isNew ? null : Number(params.id);
  const { data: plan, error: loadError, loading, reload } = useApi<PlanDocument>(id ? `/api/plans/${id}` : null);
  const [input, setInput] = useState<Input | null>(isNew ? EMPTY : null);
  const [version, setVersion] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);

  useEffect(() => {
    if (plan) {
      setInput(toInput(plan));
      setVersion(plan.version);
      setConflict(null);
    }
  }, [plan]);

  const catalogue = useApi<unknown>('/api/indicators');
  const catalogueList = useMemo(() => (listOf(catalogue.data) as unknown as CatalogueIndicator[]).filter((c) => c && c.code && Array.isArray(c.measures)), [catalogue.data]);
  const measuresOf = (ind: IndicatorInput): PlanMeasure[] | CatalogueIndicator['measures'] => {
    const fromPlan = plan?.indicators.find((p) => (p.catalogue ?? p.indicatorCode) === (ind.catalogue ?? '') || (ind.number !== null && p.number === ind.number))?.measures;
    if (fromPlan?.length) return fromPlan;
    const fromCatalogue = catalogueList.find((c) => c.code === ind.catalogue)?.measures;
    if (fromCatalogue?.length) return fromCatalogue;
    return (ind.definition?.measures ?? []).map((m) => ({ code: m.code, nameVi: m.nameVi, nameEn: m.nameEn ?? null, unit: m.unit }));
  };

  if (loadError) return <ErrorMessage error={loadError} onRetry={reload} />;
  if (!input || (loading && !isNew)) return <Loading />;
  if (plan && plan.status !== 'draft') {
    return (
      <div className="notice">
        {t('Chỉ sửa được kế hoạch ở trạng thái bản nháp.', 'Only draft plans can be edited.')} <Link to={`/plans/${plan.id}`}>{t('Xem kế hoạch', 'View the plan')}</Link>
      </div>
    );
  }

  const errorPath = saveError instanceof ApiError && saveError.path ? saveError.path.filter((p) => p !== 'body').join('.') : null;
  const invalid = (path: string) => (errorPath === path || errorPath?.startsWith(path + '.') ? true : undefined);
  const set = (patch: Partial<Input>) => setInput((cur) => ({ ...(cur ?? EMPTY), ...patch }));
  const setIndicator = (i: number, next: IndicatorInput | null) =>
    setInput((cur) => {
      const list = [...(cur?.indicators ?? [])];
      if (next === null) list.splice(i, 1);
      else list[i] = next;
      return { ...(cur ?? EMPTY), indicators: list };
    });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaveError(null);
    setConflict(null);
    try {
      if (isNew) {
        const created = await api.post<{ id: number }>('/api/plans', { ...input, status: 'draft' });
        navigate(`/plans/${created.id}`);
      } else {
        const { status: _status, ...body } = input;
        const saved = await api.put<{ id: number; version: number }>(`/api/plans/${id}`, { ...body, version });
        navigate(`/plans/${saved?.id ?? id}`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(err);
      else setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="plan-edit" onSubmit={save} noValidate>
      <div className="breadcrumb">
        <Link to="/plans">{t('Kế hoạch', 'Plans')}</Link>
        {plan && (
          <>
            {' › '}
            <Link to={`/plans/${plan.id}`}>{plan.number ?? plan.title}</Link>
          </>
        )}
      </div>
      <h1>{isNew ? t('Tạo kế hoạch mới', 'New plan') : t('Sửa bản nháp kế hoạch', 'Edit draft plan')}</h1>
      {conflict && (
        <div className="error-message conflict" role="alert">
          <div>
            <strong>{t('Xung đột phiên bản: ', 'Version conflict: ')}</strong>
            {t(
              'kế hoạch đã được người khác lưu sau khi bạn mở trang này. Thay đổi của bạn CHƯA được lưu.',
              'someone else saved this plan after you opened it. Your changes have NOT been saved.',
            )}
            <div className="small">{conflict.text(lang)}</div>
          </div>
          <button type="button" className="btn btn-small" onClick={reload}>
            {t('Tải bản mới nhất (bỏ thay đổi của tôi)', 'Load the latest version (discard my changes)')}
          </button>
        </div>
      )}
      <ErrorMessage error={saveError} title={t('Chưa lưu được:', 'Not saved:')} />

      <fieldset className="panel">
        <legend>{t('Thông tin chung', 'General')}</legend>
        <div className="form-grid">
          <Field label={t('Số hiệu', 'Number')} id="f-number" hint={t('Ví dụ: 107/KH-UBND', 'e.g. 107/KH-UBND')}>
            <input id="f-number" value={input.number ?? ''} aria-invalid={invalid('number')} onChange={(e) => set({ number: e.target.value || null })} />
          </Field>
          <Field label={t('Cấp', 'Level')} id="f-level">
            <select id="f-level" value={input.level ?? ''} onChange={(e) => set({ level: (e.target.value || null) as Input['level'] })}>
              <option value="">—</option>
              <option value="national">{t('Quốc gia', 'National')}</option>
              <option value="province">{t('Tỉnh', 'Province')}</option>
              <option value="district">{t('Huyện', 'District')}</option>
              <option value="commune">{t('Xã', 'Commune')}</option>
            </select>
          </Field>
          <Field label={t('Loại kế hoạch', 'Kind')} id="f-kind">
            <select id="f-kind" value={input.kind ?? 'action_programme'} onChange={(e) => set({ kind: e.target.value as Input['kind'] })}>
              <option value="action_programme">{t('Chương trình hành động vì trẻ em', 'Action programme')}</option>
              <option value="child_protection">{t('Bảo vệ trẻ em', 'Child protection')}</option>
              <option value="child_participation">{t('Trẻ em tham gia', 'Child participation')}</option>
              <option value="child_friendly">{t('Xã, phường phù hợp với trẻ em', 'Child-friendly communes')}</option>
              <option value="other">{t('Khác', 'Other')}</option>
            </select>
          </Field>
        </div>
        <Field label={t('Tên kế hoạch', 'Title')} id="f-title">
          <input id="f-title" required value={input.title} aria-invalid={invalid('title')} onChange={(e) => set({ title: e.target.value })} />
        </Field>
        <div className="form-grid">
          <UnitPicker label={t('Đơn vị ban hành', 'Issuing unit')} value={input.issuerUnitId ?? null} onChange={(uid, unit) => set({ issuerUnitId: uid, issuerName: input.issuerName || (unit ? `UBND ${unit.name}` : null) })} />
          <Field label={t('Tên cơ quan ban hành', 'Issuer name')} id="f-issuer">
            <input id="f-issuer" value={input.issuerName ?? ''} onChange={(e) => set({ issuerName: e.target.value || null })} />
          </Field>
          <DateField label={t('Ngày ban hành', 'Issue date')} id="f-date" value={input.issueDate ?? null} invalid={invalid('issueDate')} onChange={(d) => set({ issueDate: d, issueDateText: d ? null : input.issueDateText })} />
          <Field label={t('Địa danh', 'Place')} id="f-place">
            <input id="f-place" value={input.place ?? ''} onChange={(e) => set({ place: e.target.value || null })} />
          </Field>
          <Field label={t('Từ năm', 'From year')} id="f-from">
            <NumberInput plain id="f-from" value={input.periodFrom ?? null} aria-invalid={invalid('periodFrom')} onChange={(n) => set({ periodFrom: n })} />
          </Field>
          <Field label={t('Đến năm', 'To year')} id="f-to">
            <NumberInput plain id="f-to" value={input.periodTo ?? null} aria-invalid={invalid('periodTo')} onChange={(n) => set({ periodTo: n })} />
          </Field>
          <ParentPlanField value={input.parentPlanId ?? null} exclude={id} onChange={(pid) => set({ parentPlanId: pid })} invalid={invalid('parentPlanId')} />
          <Field label={t('Người ký', 'Signer')} id="f-signer">
            <input id="f-signer" value={input.signer ?? ''} onChange={(e) => set({ signer: e.target.value || null })} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="panel">
        <legend>{t('Chỉ tiêu và mục tiêu cần đạt', 'Indicators and targets')}</legend>
        {(input.indicators ?? []).length === 0 && <p className="muted">{t('Chưa có chỉ tiêu.', 'No indicators yet.')}</p>}
        {(input.indicators ?? []).map((ind, i) => (
          <IndicatorEditor key={i} index={i} indicator={ind} measures={measuresOf(ind)} onChange={(next) => setIndicator(i, next)} invalid={invalid} />
        ))}
        {catalogueList.length > 0 && (
          <AddIndicator
            catalogue={catalogueList.filter((c) => !(input.indicators ?? []).some((x) => x.catalogue === c.code))}
            onAdd={(c) =>
              set({
                indicators: [
                  ...(input.indicators ?? []),
                  { number: c.code, catalogue: c.code, text: c.nameVi, objective: null, targets: [], baselines: [] },
                ],
              })
            }
          />
        )}
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? t('Đang lưu…', 'Saving…') : isNew ? t('Tạo bản nháp', 'Create draft') : t('Lưu thay đổi', 'Save changes')}
        </button>
        <Link className="btn" to={plan ? `/plans/${plan.id}` : '/plans'}>
          {t('Hủy', 'Cancel')}
        </Link>
        {version !== null && <span className="muted small">{t(`Phiên bản ${version}`, `Version ${version}`)}</span>}
      </div>
    </form>
  );
}

function Field({ label, id, hint, children }: { label: string; id: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}

function DateField({ label, id, value, onChange, invalid }: { label: string; id: string; value: string | null; onChange: (d: string | null) => void; invalid?: boolean }) {
  const t = useT();
  return (
    <Field label={label} id={id} hint={t('ngày/tháng/năm, ví dụ 18/05/2021', 'day/month/year, e.g. 18/05/2021')}>
      <DateInput id={id} value={value} invalid={invalid} onChange={onChange} />
    </Field>
  );
}

function ParentPlanField({ value, exclude, onChange, invalid }: { value: number | null; exclude: number | null; onChange: (id: number | null) => void; invalid?: boolean }) {
  const t = useT();
  const { data } = useApi<unknown>('/api/plans');
  const plans = (listOf(data) as unknown as PlanSummary[]).filter((p) => p.id !== exclude);
  return (
    <Field label={t('Kế hoạch cấp trên', 'Parent plan')} id="f-parent">
      <select id="f-parent" value={value ?? ''} aria-invalid={invalid} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{t('— Không có —', '— None —')}</option>
        {value !== null && !plans.some((p) => p.id === value) && <option value={value}>#{value}</option>}
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.number ? `${p.number} — ` : ''}
            {p.title.length > 90 ? p.title.slice(0, 90) + '…' : p.title}
          </option>
        ))}
      </select>
    </Field>
  );
}

function IndicatorEditor({
  index,
  indicator,
  measures,
  onChange,
  invalid,
}: {
  index: number;
  indicator: IndicatorInput;
  measures: { code: string; nameVi: string; nameEn?: string | null; unit: PlanMeasure['unit'] }[];
  onChange: (next: IndicatorInput | null) => void;
  invalid: (path: string) => true | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const targets = indicator.targets ?? [];
  const setTarget = (j: number, next: TargetInput | null) => {
    const list = [...targets];
    if (next === null) list.splice(j, 1);
    else list[j] = next;
    onChange({ ...indicator, targets: list });
  };
  const base = `indicators.${index}`;
  return (
    <div className="import-item indicator-editor" data-indicator={indicator.number ?? ''}>
      <div className="import-item-head">
        <div>
          <strong>
            {t('Chỉ tiêu', 'Indicator')} {indicator.number ?? '•'}
          </strong>{' '}
          <span className="small">{indicator.text}</span>
        </div>
        <button type="button" className="btn btn-small btn-danger" onClick={() => onChange(null)} aria-label={t(`Xóa chỉ tiêu ${indicator.number ?? ''}`, `Delete indicator ${indicator.number ?? ''}`)}>
          {t('Xóa', 'Delete')}
        </button>
      </div>
      {targets.map((target, j) => {
        const unit = target.unit ?? measures.find((m) => m.code === target.measure)?.unit ?? 'percent';
        const p = `${base}.targets.${j}`;
        const label = `${t('Chỉ tiêu', 'Indicator')} ${indicator.number ?? ''} ${target.measure} ${target.year}`;
        return (
          <div key={j} className="target-edit" role="group" aria-label={label}>
            <select aria-label={t('Chỉ số', 'Measure')} value={target.measure} aria-invalid={invalid(`${p}.measure`)} onChange={(e) => setTarget(j, { ...target, measure: e.target.value })}>
              {!measures.some((m) => m.code === target.measure) && <option value={target.measure}>{target.measure}</option>}
              {measures.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.code} — {(lang === 'en' && m.nameEn ? m.nameEn : m.nameVi).slice(0, 60)}
                </option>
              ))}
            </select>
            <label>
              {t('Năm', 'Year')}{' '}
              <NumberInput plain className="input-tiny" value={target.year} aria-invalid={invalid(`${p}.year`)} onChange={(n) => setTarget(j, { ...target, year: n ?? 0 })} />
            </label>
            <select aria-label={t('So sánh', 'Comparator')} value={target.comparator} aria-invalid={invalid(`${p}.comparator`)} onChange={(e) => setTarget(j, { ...target, comparator: e.target.value as Comparator, valueMax: e.target.value === 'range' ? (target.valueMax ?? null) : null })}>
              {COMPARATOR_LABELS.map((c) => (
                <option key={c.value} value={c.value}>
                  {lang === 'en' ? c.en : c.vi}
                </option>
              ))}
            </select>
            {target.comparator !== 'zero' && (
              <NumberInput className="input-small" aria-label={t('Giá trị', 'Value')} value={target.value ?? null} aria-invalid={invalid(`${p}.value`)} onChange={(n) => setTarget(j, { ...target, value: n })} />
            )}
            {target.comparator === 'range' && (
              <>
                –
                <NumberInput className="input-small" aria-label={t('Giá trị tối đa', 'Maximum')} value={target.valueMax ?? null} aria-invalid={invalid(`${p}.valueMax`)} onChange={(n) => setTarget(j, { ...target, valueMax: n })} />
              </>
            )}
            <span className="muted target-preview">= {formatComparator({ comparator: target.comparator, value: target.value ?? null, valueMax: target.valueMax ?? null, unit, relative: target.relative ?? null }, lang)}</span>
            <button type="button" className="btn btn-small btn-link" onClick={() => setTarget(j, null)}>
              {t('Xóa mốc', 'Remove')}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          const last = targets[targets.length - 1];
          setTarget(targets.length, { measure: last?.measure ?? measures[0]?.code ?? indicator.number ?? '', year: last ? last.year + 5 : 2025, comparator: last?.comparator ?? '>=', value: null, valueMax: null });
        }}
      >
        {t('+ Thêm mốc chỉ tiêu', '+ Add a target')}
      </button>
    </div>
  );
}

function AddIndicator({ catalogue, onAdd }: { catalogue: CatalogueIndicator[]; onAdd: (c: CatalogueIndicator) => void }) {
  const t = useT();
  const lang = useLang();
  const [code, setCode] = useState('');
  if (catalogue.length === 0) return null;
  return (
    <div className="toolbar">
      <div className="field">
        <label htmlFor="add-indicator">{t('Thêm chỉ tiêu từ danh mục quốc gia', 'Add an indicator from the national catalogue')}</label>
        <select id="add-indicator" value={code} onChange={(e) => setCode(e.target.value)}>
          <option value="">—</option>
          {catalogue.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code}. {(lang === 'en' && c.nameEn ? c.nameEn : c.nameVi).slice(0, 90)}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className="btn"
        disabled={!code}
        onClick={() => {
          const c = catalogue.find((x) => x.code === code);
          if (c) onAdd(c);
          setCode('');
        }}
      >
        {t('Thêm', 'Add')}
      </button>
    </div>
  );
}
