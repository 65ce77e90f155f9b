import type { VNode } from 'preact';
import type { EligibilityResult } from '../../../workflows/diversion-case/eligibility';
import { DEMOGRAPHIC_VALUES } from '../../participants/participant.types';
import type { ReferralValues } from '../referral-form';
import { SelectField, TextField } from './action-form';
import { Alert, Csrf, Layout, type PageContext } from './layout';

/**
 * The referral form. "Check eligibility" posts it and shows the result the case will show at screening, keeping
 * everything typed; "Refer the case" starts it.
 */
export function ReferralPage(props: {
  ctx: PageContext;
  values: ReferralValues;
  eligibility?: EligibilityResult;
  errors: readonly string[];
}): VNode {
  const v = props.values;
  const csrf = props.ctx.session?.csrf ?? '';
  const text = (
    name: string,
    label: string,
    extra: { type?: 'text' | 'date' | 'email' | 'tel'; required?: boolean; hint?: string } = {},
  ) => <TextField id={`referral-${name}`} name={name} label={label} value={v[name]} {...extra} />;
  // The report's closed demographic values (one list, the API's), with "not given" first.
  const demographic = (name: string, label: string, values: readonly string[]) => (
    <SelectField
      id={`referral-${name}`}
      name={name}
      label={label}
      value={v[name]}
      options={[['', 'Not given'] as const, ...values.map((value) => [value, value.replace(/[_-]/g, ' ')] as const)]}
    />
  );
  return (
    <Layout ctx={props.ctx} title="New referral">
      {props.errors.length > 0 ? (
        <div class="usa-alert usa-alert--error" role="alert" id="referral-errors">
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading">The referral was not accepted</h2>
            <ul class="usa-list">
              {props.errors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {props.eligibility ? (
        <section aria-labelledby="eligibility-heading" id="eligibility">
          <h2 id="eligibility-heading">Eligibility</h2>
          {props.eligibility.eligible ? (
            <Alert type="success">Eligible for diversion under the current policy.</Alert>
          ) : (
            <Alert
              type="warning"
              heading={props.eligibility.overridable ? 'Not eligible unless overridden at screening' : 'Not eligible'}
            >
              {props.eligibility.explanations.join(' ')}
            </Alert>
          )}
        </section>
      ) : null}
      <form method="post" action="/app/referrals" class="usa-form usa-form--large">
        <Csrf token={csrf} />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Case</legend>
          {text('caseNumber', 'Case number', { required: true, hint: 'Letters, digits, . _ -' })}
          {text('court', 'Court', { required: true })}
          {text('jurisdiction', 'Jurisdiction', { required: true })}
          {text('chargingDeadline', 'Charging deadline', { type: 'date', required: true })}
          <div class="usa-checkbox">
            <input
              class="usa-checkbox__input"
              id="referral-chargesFiled"
              type="checkbox"
              name="chargesFiled"
              value="yes"
              checked={v.chargesFiled === 'yes'}
            />
            <label class="usa-checkbox__label" for="referral-chargesFiled">
              Charges already filed
            </label>
          </div>
          {text('offenceCode', 'Offence code', { required: true, hint: 'For example PC 594' })}
          {text('offenceCategory', 'Offence category', {
            required: true,
            hint: 'lower_snake_case, for example vandalism',
          })}
          <SelectField
            id="referral-offenceSeverity"
            name="offenceSeverity"
            label="Severity"
            value={v.offenceSeverity || 'misdemeanor'}
            options={[
              ['infraction', 'Infraction'],
              ['misdemeanor', 'Misdemeanor'],
              ['felony', 'Felony'],
            ]}
          />
          {text('priorDiversionDate', 'Date of a prior diversion (if any)', { type: 'date' })}
          {text('coordinatorId', 'Coordinator id', { hint: 'Leave empty to take the case yourself (coordinators)' })}
          {text('prosecutorId', 'Prosecutor id', { hint: 'Leave empty when you are the prosecutor' })}
        </fieldset>
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Responsible party</legend>
          {text('rpName', 'Full name', { required: true })}
          {text('rpEmail', 'Email', { type: 'email' })}
          {text('rpPhone', 'Mobile phone', { type: 'tel', hint: 'E.164, for example +15551234567' })}
          {text('rpTimeZone', 'Time zone', { hint: 'For example America/Los_Angeles' })}
          {demographic('rpAgeGroup', 'Age group (for disparity reports only)', DEMOGRAPHIC_VALUES.ageGroup)}
          {demographic('rpGender', 'Gender (for disparity reports only)', DEMOGRAPHIC_VALUES.gender)}
          {demographic(
            'rpRaceEthnicity',
            'Race or ethnicity (for disparity reports only)',
            DEMOGRAPHIC_VALUES.raceEthnicity,
          )}
        </fieldset>
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Victim</legend>
          {text('victimName', 'Full name')}
          {text('victimEmail', 'Email', { type: 'email' })}
          {text('victimPhone', 'Mobile phone', { type: 'tel' })}
          {text('victimTimeZone', 'Time zone')}
        </fieldset>
        <div class="usa-button-group">
          <button class="usa-button usa-button--outline" type="submit" name="intent" value="check">
            Check eligibility
          </button>
          <button class="usa-button" type="submit" name="intent" value="refer">
            Refer the case
          </button>
        </div>
      </form>
    </Layout>
  );
}
