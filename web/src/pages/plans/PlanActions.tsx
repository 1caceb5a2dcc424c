import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.ts';
import { Link } from '../../lib/links.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import type { PlanDocument } from './types.ts';

/** Draft actions: edit, issue (draft → issued), delete; issued plans can be marked superseded. */
export function PlanActions({ plan, canWrite, onChanged }: { plan: PlanDocument; canWrite: boolean; onChanged: () => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!canWrite) return null;
  const run = async (work: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      after();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const setStatus = (status: 'issued' | 'superseded', question: string) => {
    if (!window.confirm(question)) return;
    void run(() => api.post(`/api/plans/${plan.id}/status`, { status, version: plan.version }), onChanged);
  };
  return (
    <div className="plan-actions">
      <div className="form-actions" style={{ marginTop: 0 }}>
        {plan.status === 'draft' && (
          <>
            <Link className="btn btn-primary" to={`/plans/${plan.id}/edit`}>
              {t('Sửa bản nháp', 'Edit draft')}
            </Link>
            <button type="button" className="btn" disabled={busy} onClick={() => setStatus('issued', t('Ban hành kế hoạch này? Sau khi ban hành sẽ không sửa được nữa.', 'Issue this plan? It cannot be edited afterwards.'))}>
              {t('Ban hành', 'Issue')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={busy}
              onClick={() => {
                if (window.confirm(t('Xóa bản nháp này? Không thể hoàn tác.', 'Delete this draft? This cannot be undone.'))) void run(() => api.delete(`/api/plans/${plan.id}`), () => navigate('/plans'));
              }}
            >
              {t('Xóa bản nháp', 'Delete draft')}
            </button>
          </>
        )}
        {plan.status === 'issued' && (
          <button type="button" className="btn" disabled={busy} onClick={() => setStatus('superseded', t('Đánh dấu kế hoạch này đã được thay thế?', 'Mark this plan as superseded?'))}>
            {t('Đánh dấu đã thay thế', 'Mark superseded')}
          </button>
        )}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
