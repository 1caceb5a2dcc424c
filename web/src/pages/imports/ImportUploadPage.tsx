import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import type { ImportResponse } from './types.ts';

const ACCEPT = '.txt,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Step 1: upload a plan document (txt, docx, pdf); the server extracts it and we go to the review. */
export default function ImportUploadPage() {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [drag, setDrag] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** the unit the document is imported for: its officers see the upload too (none: the user's own unit) */
  const [unitId, setUnitId] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await api.upload<ImportResponse>(`/api/imports${unitId ? `?unitId=${unitId}` : ''}`, form);
      navigate(`/imports/${res.importId}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDrag(false);
    const f = e.dataTransfer.files?.[0];
    if (f) setFile(f);
  };

  return (
    <section>
      <h1>{t('Nhập kế hoạch từ văn bản', 'Import a plan from a document')}</h1>
      <p className="lead">
        {t(
          'Tải lên văn bản kế hoạch (.txt, .docx, .pdf). Hệ thống đọc số hiệu, mục tiêu, chỉ tiêu, phân công, chế độ báo cáo và kinh phí; bạn rà soát, sửa rồi lưu thành bản nháp.',
          'Upload a plan document (.txt, .docx, .pdf). The system reads its number, objectives, indicators, assignments, reporting and budget; you review, correct and save it as a draft.',
        )}
      </p>
      <form onSubmit={submit} className="panel">
        <div
          className={`dropzone ${drag ? 'drag' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDrag(true);
          }}
          onDragLeave={() => setDrag(false)}
          onDrop={onDrop}
        >
          <label htmlFor="import-file" className="field" style={{ alignItems: 'center' }}>
            <strong>{t('Chọn tệp văn bản', 'Choose a document')}</strong>
            <span className="hint">{t('hoặc kéo thả tệp vào đây', 'or drop the file here')}</span>
          </label>
          <input id="import-file" ref={input} type="file" accept={ACCEPT} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          {file && (
            <p>
              {t('Đã chọn', 'Selected')}: <strong>{file.name}</strong> ({Math.ceil(file.size / 1024)} KB)
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="import-unit">{t('Nhập cho đơn vị', 'Import for the unit')}</label>
          <UnitPicker id="import-unit" value={unitId} onChange={(id) => setUnitId(id)} />
          <span className="hint">
            {t(
              'Cán bộ của đơn vị này cũng xem được văn bản trong khi rà soát. Để trống: đơn vị của bạn. Đơn vị ban hành kế hoạch được chọn ở bước rà soát.',
              "This unit's officers can see the document while it is reviewed too. Empty: your own unit. The plan's issuing unit is chosen in the review.",
            )}
          </span>
        </div>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!file || busy}>
            {busy ? t('Đang đọc văn bản…', 'Reading the document…') : t('Tải lên và đọc', 'Upload and read')}
          </button>
        </div>
      </form>
    </section>
  );
}
