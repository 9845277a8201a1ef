import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { EngineClient } from '../../shared/engine-client';

/**
 * One masking switch for the whole app. The engine owns the state (privacy.status): personal data
 * is masked until the user unmasks with a reason (recorded in the audit log), and every page reads
 * the same state here — so no page can show data in clear while another says masked.
 */
export interface PrivacyState {
  unmasked: boolean;
  /** Records the reason in the engine's audit log, then shows data in clear everywhere. */
  unmask(reason: string): Promise<void>;
  /** Masks again everywhere: the pages stop asking for clear data before the engine is told. */
  mask(): Promise<void>;
}

const PrivacyContext = createContext<PrivacyState | null>(null);

export function PrivacyProvider({ client, children }: { client: EngineClient; children: ReactNode }) {
  const [unmasked, setUnmasked] = useState(false);
  useEffect(() => {
    let live = true;
    client.call('privacy.status', {}).then(
      (status) => live && setUnmasked(status.unmasked),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client]);
  const value = useMemo<PrivacyState>(
    () => ({
      unmasked,
      unmask: async (reason) => {
        const status = await client.call('privacy.unmask', { reason, scope: 'app' });
        setUnmasked(status.unmasked);
      },
      mask: async () => {
        setUnmasked(false);
        await client.call('privacy.mask', {});
      },
    }),
    [client, unmasked],
  );
  return <PrivacyContext.Provider value={value}>{children}</PrivacyContext.Provider>;
}

export function usePrivacy(): PrivacyState {
  const state = useContext(PrivacyContext);
  if (state === null) throw new Error('usePrivacy needs a PrivacyProvider above it');
  return state;
}
