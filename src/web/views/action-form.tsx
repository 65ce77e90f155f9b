import type { ComponentChildren, VNode } from 'preact';
import { randomUUID } from 'node:crypto';
import { AGREEMENT_ROWS, type FormActionName } from '../action-forms';
import { Csrf } from './layout';
import { OBLIGATION_TYPES, VICTIM_ANSWERS } from '../../../workflows/diversion-case/diversion-case.contract';
import type { ObligationResponseDto } from '../../cases/dto/case-response.dto';
import { words } from './format';

/** The errors of the last post, by the form that caused them (its key). */
export type FormErrors = Readonly<Record<string, readonly string[]>>;

export interface FormProps {
  caseNumber: string;
  csrf: string;
  errors: FormErrors;
}

/**
 * One action as a form posting to the workspace's action route; the route runs the same table row, validation and
 * workflow update as the JSON API. A fresh request id per rendering makes a double submission apply once. The
 * workflow's or the validator's message appears inside the form that caused it.
 */
export function ActionForm(props: {
  form: FormProps;
  action: FormActionName;
  /** Unique on the page: which form an error belongs to. */
  formKey: string;
  legend: string;
  params?: Readonly<Record<string, string>>;
  submit: string;
  secondary?: boolean;
  children?: ComponentChildren;
}): VNode {
  const errors = props.form.errors[props.formKey];
  const errorId = `${props.formKey}-error`;
  return (
    <form
      class="usa-form usa-form--large workspace-action"
      method="post"
      action={`/app/cases/${encodeURIComponent(props.form.caseNumber)}/actions/${props.action}`}
      id={props.formKey}
      aria-describedby={errors ? errorId : undefined}
    >
      <Csrf token={props.form.csrf} />
      <input type="hidden" name="_form" value={props.formKey} />
      <input type="hidden" name="_request" value={randomUUID()} />
      {Object.entries(props.params ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset class="usa-fieldset">
        <legend class="usa-legend usa-legend--large">{props.legend}</legend>
        {errors ? (
          <div class="usa-alert usa-alert--error usa-alert--slim" role="alert" id={errorId}>
            <div class="usa-alert__body">
              {errors.map((message) => (
                <p class="usa-alert__text" key={message}>
                  {message}
                </p>
              ))}
            </div>
          </div>
        ) : null}
        {props.children}
      </fieldset>
      <button type="submit" class={props.secondary ? 'usa-button usa-button--outline' : 'usa-button'}>
        {props.submit}
      </button>
    </form>
  );
}

export function TextField(props: {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'date' | 'datetime-local' | 'email' | 'tel' | 'number';
  required?: boolean;
  hint?: string;
  value?: string;
  step?: string;
}): VNode {
  return (
    <>
      <label class="usa-label" for={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <div class="usa-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      <input
        class="usa-input"
        id={props.id}
        name={props.name}
        // Preact types `type` as a union keyed to each input kind's other attributes, which tsc cannot match here.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={(props.type ?? 'text') as 'text'}
        required={props.required}
        value={props.value}
        step={props.step}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
    </>
  );
}

export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  options: ReadonlyArray<readonly [string, string]>;
  required?: boolean;
  value?: string;
}): VNode {
  return (
    <>
      <label class="usa-label" for={props.id}>
        {props.label}
      </label>
      <select class="usa-select" id={props.id} name={props.name} required={props.required}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </>
  );
}

export function Radios(props: { id: string; name: string; options: ReadonlyArray<readonly [string, string]> }): VNode {
  return (
    <>
      {props.options.map(([value, label], index) => (
        <div class="usa-radio" key={value}>
          <input
            class="usa-radio__input"
            id={`${props.id}-${value}`}
            type="radio"
            name={props.name}
            value={value}
            required={index === 0}
          />
          <label class="usa-radio__label" for={`${props.id}-${value}`}>
            {label}
          </label>
        </div>
      ))}
    </>
  );
}

export function Checkbox(props: { id: string; name: string; label: string }): VNode {
  return (
    <div class="usa-checkbox">
      <input class="usa-checkbox__input" id={props.id} type="checkbox" name={props.name} value="yes" />
      <label class="usa-checkbox__label" for={props.id}>
        {props.label}
      </label>
    </div>
  );
}

const TYPE_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['', '— none —'],
  ...OBLIGATION_TYPES.map((type): readonly [string, string] => [type, words(type)]),
];

/** The agreement's obligation rows (empty rows are ignored). */
export function ObligationRows(props: { prefix: string; current?: readonly ObligationResponseDto[] }): VNode {
  const rows = Array.from({ length: AGREEMENT_ROWS }, (_, i) => i + 1);
  return (
    <>
      {rows.map((i) => {
        const existing = props.current?.[i - 1];
        const id = `${props.prefix}-o${i}`;
        return (
          <fieldset class="usa-fieldset workspace-obligation-row" key={i}>
            <legend class="usa-legend">Obligation {i}</legend>
            {existing ? <input type="hidden" name={`o${i}-id`} value={existing.id} /> : null}
            <SelectField
              id={`${id}-type`}
              name={`o${i}-type`}
              label="Type"
              options={TYPE_OPTIONS}
              value={existing?.type}
            />
            <TextField
              id={`${id}-due`}
              name={`o${i}-due`}
              label="Due date"
              type="date"
              value={existing?.due.slice(0, 10)}
            />
            <TextField
              id={`${id}-amount`}
              name={`o${i}-amount`}
              label="Restitution amount in dollars (restitution only)"
              value={existing?.amountCents !== undefined ? (existing.amountCents / 100).toFixed(2) : undefined}
            />
            <TextField
              id={`${id}-hours`}
              name={`o${i}-hours`}
              label="Hours (community service only)"
              value={existing?.hours !== undefined ? String(existing.hours) : undefined}
            />
            <TextField
              id={`${id}-description`}
              name={`o${i}-description`}
              label="Description (other only)"
              value={existing?.description}
            />
          </fieldset>
        );
      })}
    </>
  );
}

export const VICTIM_OPTIONS = VICTIM_ANSWERS.map((answer): readonly [string, string] => [answer, words(answer)]);
