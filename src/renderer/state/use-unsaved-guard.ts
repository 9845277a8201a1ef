import { useEffect } from 'react';

/**
 * Leaving an editor with unsaved edits asks first: the window's close (beforeunload) while `dirty`,
 * and the returned check for the page's own ways out (opening another item, New).
 */
export function useUnsavedGuard(dirty: boolean, question: string): () => boolean {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return () => !dirty || window.confirm(question);
}
