import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { useI18n } from '../../i18n/i18n-context';
import { choiceKey } from '../segments/value-choices';
import { flatOptions, groupName, matchOptions, type PickerOption } from './field-options';
import { FieldSparkline } from './field-sparkline';

/**
 * A searchable, grouped field picker (an ARIA combobox over a listbox): type a business name in
 * either language, a technical name or a word of the definition; arrows move, Enter picks, Esc
 * closes and keeps the current choice. Each match shows its group, definition and, once it is in
 * view, a sparkline of its distribution.
 */
export function FieldPicker({
  options,
  value,
  onPick,
  client,
  testId,
  placeholderLabel,
}: {
  options: readonly PickerOption[];
  value: string;
  onPick: (value: string) => void;
  client: EngineClient;
  testId: string;
  /** Shown when the current value is none of the options (nothing chosen yet). */
  placeholderLabel: string;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [list, setList] = useState<HTMLDivElement | null>(null);
  const inputRef = useRef<HTMLInputElement | null>(null);

  const groups = useMemo(() => matchOptions(options, open ? query : ''), [options, query, open]);
  const flat = useMemo(() => flatOptions(groups), [groups]);
  const current = options.find((o) => o.value === value);
  const optionId = (i: number) => `${id}-option-${i}`;
  const fallbackGroups = { segments: t('fieldPicker.group.segments'), other: t('fieldPicker.group.other') };

  const openList = () => {
    if (open) return;
    setQuery('');
    setOpen(true);
    const at = options.length > 0 ? flatOptions(matchOptions(options, '')).findIndex((o) => o.value === value) : -1;
    setActive(Math.max(0, at));
  };
  const close = () => {
    setOpen(false);
    setQuery('');
  };
  const pick = (option: PickerOption | undefined) => {
    if (!option) return;
    close();
    if (option.value !== value) onPick(option.value);
  };

  useEffect(() => {
    if (!open || !list) return;
    list.querySelector(`#${CSS.escape(optionId(active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, list]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (!open) return openList();
        if (flat.length === 0) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + flat.length) % flat.length);
        return;
      }
      case 'Home':
      case 'End':
        if (!open || flat.length === 0) return;
        event.preventDefault();
        setActive(event.key === 'Home' ? 0 : flat.length - 1);
        return;
      case 'Enter':
        if (!open) return;
        event.preventDefault();
        pick(flat[active]);
        return;
      case 'Escape':
        if (!open) return;
        event.preventDefault();
        event.stopPropagation();
        close();
        return;
      case 'Tab':
        if (open) close();
        return;
    }
  };

  let index = 0;
  return (
    <div className="field-picker-combo" data-open={open ? 'true' : 'false'} data-value={value}>
      <input
        ref={inputRef}
        type="text"
        className="field-picker-input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && flat.length > 0 ? optionId(active) : undefined}
        aria-label={t('fieldPicker.label')}
        title={current ? `${current.label} · ${current.secondary}${current.definition ? `\n${current.definition}` : ''}` : undefined}
        placeholder={open ? t('fieldPicker.placeholder') : undefined}
        value={open ? query : (current?.label ?? placeholderLabel)}
        onFocus={openList}
        onClick={openList}
        onBlur={close}
        onChange={(e) => {
          if (!open) setOpen(true);
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        data-testid={testId}
      />
      {open && (
        <div className="field-picker-popup">
          <div className="field-picker-status muted" aria-live="polite" data-testid={`${testId}-status`}>
            {flat.length === 0 ? t('fieldPicker.noMatch', { query }) : t('fieldPicker.matches', { count: flat.length })}
          </div>
          <div ref={setList} id={listId} role="listbox" className="field-picker-list" aria-label={t('fieldPicker.label')} data-testid={`${testId}-list`}>
            {groups.map((g) => {
              const groupId = `${id}-group-${g.group}`;
              return (
                <div key={g.group} role="group" aria-labelledby={groupId} className="field-picker-group" data-group={g.group}>
                  <div id={groupId} role="presentation" className="field-picker-group-label">
                    {groupName(g.group, locale, fallbackGroups)}
                  </div>
                  {g.options.map((option) => {
                    const i = index++;
                    return (
                      <div
                        key={option.value}
                        id={optionId(i)}
                        role="option"
                        aria-selected={i === active}
                        className={`field-picker-option${i === active ? ' active' : ''}${option.value === value ? ' current' : ''}`}
                        data-value={option.value}
                        data-testid={`${testId}-option-${choiceKey(option.value)}`}
                        // Keeps the focus in the input, so picking with the mouse does not blur-close first.
                        onMouseDown={(e) => e.preventDefault()}
                        onMouseMove={() => i !== active && setActive(i)}
                        onClick={() => pick(option)}
                      >
                        <span className="field-picker-names">
                          <span className="field-picker-label">{option.label}</span>
                          {option.secondary && <span className="field-picker-secondary">{option.secondary}</span>}
                          {option.alternate && <span className="field-picker-alternate">{option.alternate}</span>}
                        </span>
                        {option.field && <FieldSparkline client={client} field={option.field} root={list} testId={`${testId}-spark-${choiceKey(option.field)}`} label={t('fieldPicker.distribution')} />}
                        {option.definition && <span className="field-picker-definition">{option.definition}</span>}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
