// Why a control is disabled, in the reader's language: the shell says
// which parts of the workspace this device may not write, the UI words it.
import type { MeView } from '../bindings/MeView';
import { mayNotHome } from './forms';
import { t } from './i18n.svelte';

/** The reason this device may not write `home`, or '' when it may. */
export function reasonFor(me: MeView | null | undefined, home: keyof MeView['may_not']): string {
  const key = mayNotHome(me, home);
  return key ? t(key) : '';
}
