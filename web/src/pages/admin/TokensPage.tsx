import { useState, type FormEvent } from 'react';
import { api, useApi } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';

interface TokenRow {
  id: number;
  name: string;
  kind: string;
  prefix: string;
  scopes: string[];
  unitId: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export default function TokensPage() {
  const t = useT();
  const tokens = useApi<{ tokens: TokenRow[] }>('/api/tokens');
  const roles = useApi<{ permissions: string[] }>('/api/roles');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['reports.read']);
  const [unitId, setUnitId] = useState<number | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.post<{ token: string }>('/api/tokens', { name, scopes, unitId });
      setShown(r.token);
      setName('');
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <h1>{t('Mã truy cập API', 'API tokens')}</h1>
      <p>{t('Dùng cho trao đổi dữ liệu giữa các hệ thống: gửi trong tiêu đề Authorization: Bearer …', 'For system-to-system exchange: send as Authorization: Bearer …')}</p>
      <ErrorMessage error={error ?? tokens.error} />
      {tokens.data && (
        <DataTable
          rows={tokens.data.tokens}
          rowKey={(r) => r.id}
          columns={[
            { key: 'name', header: t('Tên', 'Name'), render: (r) => r.name },
            { key: 'prefix', header: t('Tiền tố', 'Prefix'), render: (r) => <code>{r.prefix}…</code> },
            { key: 'scopes', header: t('Quyền', 'Scopes'), render: (r) => r.scopes.join(', ') },
            { key: 'lastUsedAt', header: t('Dùng lần cuối', 'Last used'), render: (r) => (r.lastUsedAt ? new Date(r.lastUsedAt).toLocaleString('vi-VN') : '') },
            {
              key: 'state',
              header: '',
              render: (r) =>
                r.revokedAt ? (
                  t('Đã thu hồi', 'Revoked')
                ) : (
                  <button type="button" onClick={() => void api.delete(`/api/tokens/${r.id}`).then(tokens.reload, setError)}>
                    {t('Thu hồi', 'Revoke')}
                  </button>
                ),
            },
          ]}
        />
      )}
      <h2>{t('Tạo mã mới', 'New token')}</h2>
      <form onSubmit={create} className="form">
        <label htmlFor="token-name">{t('Tên hệ thống', 'System name')}</label>
        <input id="token-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset>
          <legend>{t('Quyền', 'Scopes')}</legend>
          {(roles.data?.permissions ?? []).map((p) => (
            <label key={p} className="checkbox">
              <input type="checkbox" checked={scopes.includes(p)} onChange={(e) => setScopes(e.target.checked ? [...scopes, p] : scopes.filter((s) => s !== p))} /> {p}
            </label>
          ))}
        </fieldset>
        <UnitPicker value={unitId} onChange={(v) => setUnitId(v)} label={t('Phạm vi đơn vị (để trống = toàn quốc)', 'Unit scope (empty = nation-wide)')} />
        <button type="submit">{t('Tạo mã', 'Create token')}</button>
      </form>
      {shown && (
        <div role="status" className="notice">
          {t('Mã chỉ hiện một lần, hãy lưu lại ngay:', 'Shown only once, store it now:')} <code>{shown}</code>
        </div>
      )}
    </section>
  );
}
