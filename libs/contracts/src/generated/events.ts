/**
 * GENERATED FILE — do not edit. Written by scripts/contracts/generate-types.ts
 * from the JSON Schemas in schemas/. After changing a schema run
 *   npx tsx scripts/contracts/generate-types.ts
 * (npm test fails while this file is stale).
 */

/**
 * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
 */
export interface CaseWorker {
  /**
   * The worker's id in the partner's own system (or the token subject).
   *
   * Data category: `operational`.
   */
  workerId: string;
  /**
   * Data category: `operational`.
   */
  name: string;
  /**
   * Job title, e.g. Modern Slavery Navigator, Safeguarding Lead, Detective Constable.
   *
   * Data category: `operational`.
   */
  role?: string;
  /**
   * Data category: `operational`.
   */
  workPhone?: string;
  /**
   * Data category: `operational`.
   */
  workEmail?: string;
}

/**
 * Who a consent provision is about (FHIR Consent provision.actor): every partner of a sector, or one partner.
 */
export type Grantee = SectorGrantee | PartnerGrantee;

export interface SectorGrantee {
  /**
   * Data category: `operational`.
   */
  kind: 'sector';
  /**
   * The sector of a partner organisation; redaction policy is chosen by it.
   *
   * Data category: `operational`.
   */
  sector: Sector;
}

export interface PartnerGrantee {
  /**
   * Data category: `operational`.
   */
  kind: 'partner';
  /**
   * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
   *
   * Data category: `operational`.
   */
  partnerId: PartnerId;
}

/**
 * Where something was seen, at the precision the reporter has: a point, an area (a town or district) or a region. `precision` says which; a recipient that may not see precise locations gets the area fields only.
 */
export type Location = PointLocation | AreaLocation | RegionLocation;

export interface PointLocation {
  /**
   * Data category: `location.area`.
   */
  precision: 'point';
  /**
   * Data category: `location.precise`.
   */
  latitude: number;
  /**
   * Data category: `location.precise`.
   */
  longitude: number;
  /**
   * Data category: `location.precise`.
   */
  uncertaintyMetres?: number;
  /**
   * Data category: `location.precise`.
   */
  streetAddress?: string;
  /**
   * Data category: `location.precise`.
   */
  postalCode?: string;
  /**
   * The name of the business at the place (a car wash, a nail bar), which pins the place down.
   *
   * Data category: `location.precise`.
   */
  businessName?: string;
  /**
   * What kind of place it is; says little about where.
   *
   * Data category: `location.area`.
   */
  placeType?: PlaceType;
  /**
   * Town, city or district.
   *
   * Data category: `location.area`.
   */
  locality?: Locality;
  /**
   * County, state or province.
   *
   * Data category: `location.area`.
   */
  region?: RegionName;
  /**
   * ISO 3166-1 alpha-2 country code, upper case.
   *
   * Data category: `location.area`.
   */
  country: CountryCode;
}

export interface AreaLocation {
  /**
   * Data category: `location.area`.
   */
  precision: 'area';
  /**
   * Town, city or district.
   *
   * Data category: `location.area`.
   */
  locality: Locality;
  /**
   * The outward part of a postcode (LS1) or a ZIP code's first three digits: an area, not an address.
   *
   * Data category: `location.area`.
   */
  postalDistrict?: string;
  /**
   * What kind of place it is; says little about where.
   *
   * Data category: `location.area`.
   */
  placeType?: PlaceType;
  /**
   * County, state or province.
   *
   * Data category: `location.area`.
   */
  region?: RegionName;
  /**
   * ISO 3166-1 alpha-2 country code, upper case.
   *
   * Data category: `location.area`.
   */
  country: CountryCode;
}

export interface RegionLocation {
  /**
   * Data category: `location.area`.
   */
  precision: 'region';
  /**
   * County, state or province.
   *
   * Data category: `location.area`.
   */
  region: RegionName;
  /**
   * ISO 3166-1 alpha-2 country code, upper case.
   *
   * Data category: `location.area`.
   */
  country: CountryCode;
}

/**
 * Town, city or district.
 *
 * Data category: `location.area`.
 */
export type Locality = string;

/**
 * County, state or province.
 *
 * Data category: `location.area`.
 */
export type RegionName = string;

/**
 * What kind of place it is; says little about where.
 *
 * Data category: `location.area`.
 */
export type PlaceType =
  | 'residence'
  | 'workplace'
  | 'car-wash'
  | 'nail-salon'
  | 'agricultural-site'
  | 'factory'
  | 'construction-site'
  | 'hotel-or-motel'
  | 'massage-parlour'
  | 'brothel-or-pop-up'
  | 'restaurant-or-takeaway'
  | 'street'
  | 'transport-hub'
  | 'vessel'
  | 'online'
  | 'other';

/**
 * A partner organisation, named by its partner id.
 */
export interface OrganisationRef {
  /**
   * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
   *
   * Data category: `operational`.
   */
  partnerId: PartnerId;
  /**
   * Data category: `operational`.
   */
  name?: string;
  /**
   * The sector of a partner organisation; redaction policy is chosen by it.
   *
   * Data category: `operational`.
   */
  sector?: Sector;
}

/**
 * The person an event is about: a possible victim of trafficking. Only the subject id is required, because first reports often know little more.
 */
export interface Subject {
  /**
   * Beacon's pseudonymous id of the person; also the CloudEvents subject and the Kafka key. Identity, because it links every record about one person.
   *
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * Data category: `identity`.
   */
  givenName?: string;
  /**
   * Data category: `identity`.
   */
  familyName?: string;
  /**
   * Other names the person uses or is called by, including names given by the exploiter.
   *
   * @maxItems 20
   */
  aliases?: string[];
  /**
   * Data category: `identity`.
   */
  dateOfBirth?: string;
  /**
   * Age range in whole years when the date of birth is not known.
   */
  ageEstimate?: {
    /**
     * Data category: `demographic`.
     */
    minYears: number;
    /**
     * Data category: `demographic`.
     */
    maxYears: number;
  };
  /**
   * Child (under 18) or adult. A child needs no consent to be referred (UK NRM, US TVPA).
   *
   * Data category: `demographic`.
   */
  ageGroup?: AgeGroup;
  /**
   * Data category: `demographic`.
   */
  gender?: Gender;
  /**
   * @maxItems 5
   */
  nationalities?: CountryCode[];
  /**
   * Languages the person speaks, as BCP 47 tags (e.g. vi, ro, pt-BR), most fluent first.
   *
   * @maxItems 10
   */
  languages?: string[];
  /**
   * E.164 numbers. Only numbers that are safe to use: not a phone the exploiter controls.
   *
   * @maxItems 5
   */
  phoneNumbers?: string[];
  /**
   * @maxItems 5
   */
  emailAddresses?: string[];
  /**
   * Identity and travel documents, whether or not the person holds them.
   *
   * @maxItems 10
   */
  documents?: {
    /**
     * Data category: `immigration`.
     */
    type:
      | 'passport'
      | 'national-id-card'
      | 'residence-permit'
      | 'visa'
      | 'work-permit'
      | 'driving-licence'
      | 'birth-certificate'
      | 'asylum-registration-card'
      | 'other';
    /**
     * Data category: `identity`.
     */
    number?: string;
    /**
     * ISO 3166-1 alpha-2 country code, upper case.
     *
     * Data category: `immigration`.
     */
    issuingCountry?: CountryCode;
    /**
     * Data category: `immigration`.
     */
    expiryDate?: string;
    /**
     * Who has the document now; an exploiter holding it is a means of control.
     *
     * Data category: `criminal-justice`.
     */
    heldBy?: 'subject' | 'exploiter' | 'employer' | 'authorities' | 'lost' | 'unknown';
  }[];
  /**
   * Data category: `immigration`.
   */
  immigrationStatus?:
    | 'citizen'
    | 'permanent-resident'
    | 'visa-holder'
    | 'asylum-seeker'
    | 'refugee'
    | 'undocumented'
    | 'unknown';
}

/**
 * Form of exploitation, after the Human Trafficking Case Data Standard (HTCDS) and the Palermo Protocol.
 *
 * Data category: `criminal-justice`.
 */
export type ExploitationType =
  | 'sexual'
  | 'labour'
  | 'domestic-servitude'
  | 'forced-marriage'
  | 'forced-criminality'
  | 'organ-removal'
  | 'other';

/**
 * How the exploiter keeps control, after the HTCDS means-of-control list.
 *
 * Data category: `criminal-justice`.
 */
export type MeansOfControl =
  | 'debt-bondage'
  | 'withholding-earnings'
  | 'document-confiscation'
  | 'threats-against-subject'
  | 'threats-against-family'
  | 'threat-of-deportation'
  | 'physical-violence'
  | 'sexual-violence'
  | 'psychological-abuse'
  | 'isolation'
  | 'restricted-movement'
  | 'substance-coercion'
  | 'withholding-necessities'
  | 'restricting-medical-care'
  | 'false-promises'
  | 'excessive-working-hours'
  | 'ritual-or-religious-coercion'
  | 'other';

/**
 * An observed sign of trafficking, after the UK National Referral Mechanism guidance and the US National Human Trafficking Hotline indicator lists.
 *
 * Data category: `criminal-justice`.
 */
export type Indicator =
  | 'no-access-to-own-documents'
  | 'not-paid-or-paid-very-little'
  | 'wages-paid-to-third-party'
  | 'owes-debt-to-employer-or-recruiter'
  | 'lives-at-workplace'
  | 'overcrowded-accommodation'
  | 'transported-to-and-from-work'
  | 'unable-to-leave-freely'
  | 'does-not-know-home-or-work-address'
  | 'scripted-or-inconsistent-account'
  | 'fearful-of-authorities'
  | 'someone-else-speaks-for-them'
  | 'signs-of-physical-injury'
  | 'signs-of-malnutrition-or-neglect'
  | 'inappropriate-clothing-for-work'
  | 'excessive-working-hours'
  | 'no-safety-equipment'
  | 'recruited-with-false-promises'
  | 'under-18-in-commercial-sex'
  | 'branding-or-tattoos'
  | 'frequently-moved-between-locations'
  | 'no-access-to-healthcare'
  | 'other';

/**
 * How soon someone must act: routine (days), priority (within 24 hours), urgent (within hours), emergency (now; risk to life).
 *
 * Data category: `operational`.
 */
export type Urgency = 'routine' | 'priority' | 'urgent' | 'emergency';

/**
 * A service the subject needs. Service routing only: clinical detail belongs in health fields.
 *
 * Data category: `operational`.
 */
export type NeedType =
  | 'shelter'
  | 'medical'
  | 'legal'
  | 'immigration-advice'
  | 'interpretation'
  | 'counselling'
  | 'repatriation'
  | 'financial-support'
  | 'education'
  | 'childcare'
  | 'employment-support'
  | 'safety-planning';

/**
 * Where a referral is in its lifecycle.
 *
 * Data category: `operational`.
 */
export type ReferralStatus =
  'created' | 'delivered' | 'accepted' | 'declined' | 'in-progress' | 'closed' | 'withdrawn';

/**
 * Why a referral was declined, closed or withdrawn.
 *
 * Data category: `operational`.
 */
export type ReferralReasonCode =
  | 'client-refused-services'
  | 'lack-of-capacity'
  | 'unable-to-contact-client'
  | 'not-eligible'
  | 'duplicate'
  | 'services-completed'
  | 'client-moved-away'
  | 'referred-elsewhere'
  | 'safety-concern'
  | 'sent-in-error'
  | 'other';

/**
 * Why data is shared (FHIR Consent provision.purpose). `emergency` is the break-glass purpose.
 *
 * Data category: `operational`.
 */
export type Purpose = 'care-coordination' | 'safety-planning' | 'investigation' | 'research' | 'emergency';

/**
 * A data category as carried by x-beacon-category on every leaf field.
 *
 * Data category: `operational`.
 */
export type DataCategory =
  | 'identity'
  | 'contact'
  | 'location.precise'
  | 'location.area'
  | 'demographic'
  | 'health'
  | 'immigration'
  | 'criminal-justice'
  | 'narrative'
  | 'operational';

/**
 * The sector of a partner organisation; redaction policy is chosen by it.
 *
 * Data category: `operational`.
 */
export type Sector = 'law-enforcement' | 'health-care' | 'ngo' | 'education' | 'social-services';

/**
 * The sector of a caller: a partner sector, or `beacon` for the operator's own administrators.
 *
 * Data category: `operational`.
 */
export type PrincipalSector =
  'law-enforcement' | 'health-care' | 'ngo' | 'education' | 'social-services' | 'beacon';

/**
 * What a caller may do in Beacon (a token role).
 *
 * Data category: `operational`.
 */
export type Role = 'partner-system' | 'case-worker' | 'supervisor' | 'auditor' | 'admin';

/**
 * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
 *
 * Data category: `operational`.
 */
export type PartnerId = string;

/**
 * ISO 3166-1 alpha-2 country code, upper case.
 */
export type CountryCode = string;

/**
 * Data category: `demographic`.
 */
export type Gender = 'female' | 'male' | 'non-binary' | 'other' | 'unknown';

/**
 * Child (under 18) or adult. A child needs no consent to be referred (UK NRM, US TVPA).
 *
 * Data category: `demographic`.
 */
export type AgeGroup = 'child' | 'adult' | 'unknown';

/**
 * Someone read or changed something through the gateway (a case worker opened a referral, an auditor exported the log), or was refused. The gateway writes one per request that touches personal data or the audit log, refused requests included; it is acknowledged by Kafka before the answer leaves the gateway.
 */
export interface AccessRecordedV1Data {
  /**
   * Data category: `operational`.
   */
  recordId: string;
  /**
   * Data category: `operational`.
   */
  recordedAt: string;
  /**
   * The verified caller, from their token. Absent when the caller is unknown (no token, or one that failed verification).
   */
  principal?: {
    /**
     * Data category: `operational`.
     */
    sub: string;
    /**
     * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
     *
     * Data category: `operational`.
     */
    partnerId: PartnerId;
    /**
     * @minItems 1
     * @maxItems 5
     */
    roles: Role[];
    /**
     * The sector of a caller: a partner sector, or `beacon` for the operator's own administrators.
     *
     * Data category: `operational`.
     */
    sector: PrincipalSector;
    /**
     * Data category: `operational`.
     */
    tokenId?: string;
  };
  /**
   * Data category: `operational`.
   */
  action:
    | 'read'
    | 'list'
    | 'search'
    | 'export'
    | 'create'
    | 'update'
    | 'revoke'
    | 'verify'
    | 'explain'
    | 'stream-open'
    | 'break-glass';
  resource: {
    /**
     * Data category: `operational`.
     */
    type:
      | 'referral'
      | 'alert'
      | 'tip'
      | 'consent'
      | 'subject'
      | 'inbox'
      | 'audit-record'
      | 'audit-export'
      | 'policy'
      | 'partner'
      | 'explanation'
      | 'break-glass';
    /**
     * Data category: `operational`.
     */
    id?: string;
    /**
     * The subject whose data the resource holds, when there is one.
     *
     * Data category: `identity`.
     */
    subjectId?: string;
    /**
     * The HTTP method of the request.
     *
     * Data category: `operational`.
     */
    method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    /**
     * The route template the request matched, e.g. /v1/subjects/:id/consents.
     *
     * Data category: `operational`.
     */
    route?: string;
    /**
     * The request path as sent, without the query string.
     *
     * Data category: `operational`.
     */
    path?: string;
    /**
     * Every subject whose data the request touched: from the path, the request body, or the upstream service's answer.
     *
     * @maxItems 500
     */
    subjectIds?: string[];
  };
  /**
   * Why data is shared (FHIR Consent provision.purpose). `emergency` is the break-glass purpose.
   *
   * Data category: `operational`.
   */
  purpose?: Purpose;
  /**
   * Data category: `operational`.
   */
  outcome: 'allowed' | 'denied';
  /**
   * The HTTP status of the answer.
   *
   * Data category: `operational`.
   */
  status?: number;
  /**
   * Why it was allowed or denied, e.g. the missing role or the rule that matched.
   *
   * Data category: `operational`.
   */
  reason?: string;
  /**
   * Data category: `operational`.
   */
  breakGlass?: boolean;
  client?: {
    /**
     * The caller's IP address (v4 or v6) as the gateway saw it.
     *
     * Data category: `operational`.
     */
    address: string;
    /**
     * Data category: `operational`.
     */
    userAgent?: string;
  };
  /**
   * Data category: `operational`.
   */
  correlationId: string;
}

/**
 * A partner has seen signs that a person may be trafficked and tells the network. An alert asks for awareness and, at higher urgency, for action; a referral asks one partner for a service.
 */
export interface AlertRaisedV1Data {
  /**
   * Data category: `operational`.
   */
  alertId: string;
  /**
   * When the alert was written.
   *
   * Data category: `operational`.
   */
  raisedAt: string;
  /**
   * When the signs were seen, as best the reporter knows.
   *
   * Data category: `operational`.
   */
  observedAt: string;
  /**
   * How soon someone must act: routine (days), priority (within 24 hours), urgent (within hours), emergency (now; risk to life).
   *
   * Data category: `operational`.
   */
  urgency: Urgency;
  raisedBy: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker?: CaseWorker;
  };
  /**
   * The person an event is about: a possible victim of trafficking. Only the subject id is required, because first reports often know little more.
   */
  subject: Subject;
  /**
   * Suspected forms of exploitation; more than one is common (labour and sexual exploitation together).
   *
   * @minItems 1
   * @maxItems 7
   */
  exploitationTypes: ExploitationType[];
  /**
   * @maxItems 18
   */
  meansOfControl?: MeansOfControl[];
  /**
   * @maxItems 23
   */
  indicators?: Indicator[];
  /**
   * Where something was seen, at the precision the reporter has: a point, an area (a town or district) or a region. `precision` says which; a recipient that may not see precise locations gets the area fields only.
   */
  location: Location;
  /**
   * What a responder must know before going there.
   */
  immediateRisk?: {
    /**
     * Data category: `criminal-justice`.
     */
    dangerToLife?: boolean;
    /**
     * Data category: `criminal-justice`.
     */
    childrenPresent?: boolean;
    /**
     * Data category: `criminal-justice`.
     */
    exploiterPresent?: boolean;
    /**
     * Data category: `criminal-justice`.
     */
    weaponsReported?: boolean;
  };
  /**
   * Crime or incident reference, when police already know.
   *
   * Data category: `criminal-justice`.
   */
  policeReference?: string;
  /**
   * What was seen and heard, in the reporter's words. Scrubbed of identifiers before it reaches a sector that may not see identity.
   *
   * Data category: `narrative`.
   */
  narrative?: string;
}

/**
 * A partner has seen signs that a person may be trafficked and tells the network. An alert asks for awareness and, at higher urgency, for action; a referral asks one partner for a service. Version 2 adds how the alert reached the partner, an observation window, a head count, vehicles and links to earlier alerts, and allows longer narratives; every v1 alert is a valid v2 alert.
 */
export interface AlertRaisedV2Data {
  /**
   * Data category: `operational`.
   */
  alertId: string;
  /**
   * When the alert was written.
   *
   * Data category: `operational`.
   */
  raisedAt: string;
  /**
   * When the signs were seen, as best the reporter knows.
   *
   * Data category: `operational`.
   */
  observedAt: string;
  /**
   * End of the observation window when the signs were seen over a period (a week of surveillance, a shift).
   *
   * Data category: `operational`.
   */
  observedUntil?: string;
  /**
   * How soon someone must act: routine (days), priority (within 24 hours), urgent (within hours), emergency (now; risk to life).
   *
   * Data category: `operational`.
   */
  urgency: Urgency;
  raisedBy: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker?: CaseWorker;
  };
  /**
   * How the information reached the raising partner.
   *
   * Data category: `operational`.
   */
  sourceChannel?:
    | 'in-person'
    | 'patient-encounter'
    | 'hotline'
    | 'online'
    | 'partner-referral'
    | 'routine-inspection'
    | 'other';
  /**
   * The person an event is about: a possible victim of trafficking. Only the subject id is required, because first reports often know little more.
   */
  subject: Subject;
  /**
   * Suspected forms of exploitation; more than one is common (labour and sexual exploitation together).
   *
   * @minItems 1
   * @maxItems 7
   */
  exploitationTypes: ExploitationType[];
  /**
   * @maxItems 18
   */
  meansOfControl?: MeansOfControl[];
  /**
   * Version 2 adds three indicators for online recruitment and visible control.
   *
   * @maxItems 26
   */
  indicators?: (
    | 'no-access-to-own-documents'
    | 'not-paid-or-paid-very-little'
    | 'wages-paid-to-third-party'
    | 'owes-debt-to-employer-or-recruiter'
    | 'lives-at-workplace'
    | 'overcrowded-accommodation'
    | 'transported-to-and-from-work'
    | 'unable-to-leave-freely'
    | 'does-not-know-home-or-work-address'
    | 'scripted-or-inconsistent-account'
    | 'fearful-of-authorities'
    | 'someone-else-speaks-for-them'
    | 'signs-of-physical-injury'
    | 'signs-of-malnutrition-or-neglect'
    | 'inappropriate-clothing-for-work'
    | 'excessive-working-hours'
    | 'no-safety-equipment'
    | 'recruited-with-false-promises'
    | 'under-18-in-commercial-sex'
    | 'branding-or-tattoos'
    | 'frequently-moved-between-locations'
    | 'no-access-to-healthcare'
    | 'recruited-online'
    | 'advertised-online-for-sex'
    | 'visibly-controlled-by-another-person'
    | 'other'
  )[];
  /**
   * Where something was seen, at the precision the reporter has: a point, an area (a town or district) or a region. `precision` says which; a recipient that may not see precise locations gets the area fields only.
   */
  location: Location;
  /**
   * How many people appear to be in the same situation, the subject included.
   */
  personsAffected?: {
    /**
     * Data category: `criminal-justice`.
     */
    min: number;
    /**
     * Data category: `criminal-justice`.
     */
    max?: number;
  };
  /**
   * Vehicles used to move or hold people.
   *
   * @maxItems 10
   */
  vehicles?: {
    /**
     * Data category: `criminal-justice`.
     */
    registration?: string;
    /**
     * Data category: `criminal-justice`.
     */
    description?: string;
  }[];
  /**
   * What a responder must know before going there.
   */
  immediateRisk?: {
    /**
     * Data category: `criminal-justice`.
     */
    dangerToLife?: boolean;
    /**
     * Data category: `criminal-justice`.
     */
    childrenPresent?: boolean;
    /**
     * Data category: `criminal-justice`.
     */
    exploiterPresent?: boolean;
    /**
     * Data category: `criminal-justice`.
     */
    weaponsReported?: boolean;
  };
  /**
   * Crime or incident reference, when police already know.
   *
   * Data category: `criminal-justice`.
   */
  policeReference?: string;
  /**
   * Earlier alerts about the same place or people.
   *
   * @maxItems 20
   */
  relatedAlertIds?: string[];
  /**
   * What was seen and heard, in the reporter's words. Scrubbed of identifiers before it reaches a sector that may not see identity.
   *
   * Data category: `narrative`.
   */
  narrative?: string;
}

/**
 * A case worker broke the glass: for a short time, events about this subject delivered to the worker's own organisation also carry the listed categories, under the purpose emergency. The gateway records the grant (its break-glass API) and publishes this event through its outbox to the canonical log, keyed by subject; the redaction service applies the grant to that partner's deliveries until it expires and flags each one it widens.
 */
export interface BreakGlassGrantedV1Data {
  /**
   * Data category: `operational`.
   */
  grantId: string;
  /**
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * The one partner whose deliveries it widens: the organisation of the worker who broke the glass.
   */
  grantee: {
    /**
     * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
     *
     * Data category: `operational`.
     */
    partnerId: PartnerId;
    /**
     * The sector of a partner organisation; redaction policy is chosen by it.
     *
     * Data category: `operational`.
     */
    sector: Sector;
  };
  /**
   * Always emergency: the one purpose only break-glass may use.
   *
   * Data category: `operational`.
   */
  purpose: Purpose;
  /**
   * Why, in the worker's words; shown on every disclosure record the grant widens.
   *
   * Data category: `narrative`.
   */
  reason: string;
  /**
   * The data categories it opens: those asked for that the sector's break-glass policy lists.
   *
   * @minItems 1
   * @maxItems 20
   */
  categories: DataCategory[];
  /**
   * Data category: `operational`.
   */
  startedAt: string;
  /**
   * The end of the window (exclusive); never later than the policy's maximum duration after startedAt.
   *
   * Data category: `operational`.
   */
  expiresAt: string;
  grantedBy: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker: CaseWorker;
    /**
     * What a caller may do in Beacon (a token role).
     *
     * Data category: `operational`.
     */
    role: Role;
  };
}

/**
 * A person (or their guardian) agreed, or refused, that data about them may be shared with a sector or a partner for given purposes, data categories and a period. Modelled after FHIR R5 Consent: each provision permits or denies; a deny wins over a permit. The gateway's consent API produces it.
 */
export interface ConsentGrantedV1Data {
  /**
   * Data category: `operational`.
   */
  consentId: string;
  /**
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * When the person gave the consent (FHIR Consent.date).
   *
   * Data category: `operational`.
   */
  grantedAt: string;
  /**
   * Who consented: the person, or someone with authority to consent for them.
   *
   * Data category: `operational`.
   */
  givenBy: 'subject' | 'parent-or-guardian' | 'legal-representative' | 'local-authority';
  /**
   * Data category: `operational`.
   */
  method: 'written' | 'verbal' | 'electronic';
  /**
   * The person consented through an interpreter; the language is kept for review.
   */
  interpreterUsed?: {
    /**
     * Data category: `demographic`.
     */
    language: string;
  };
  /**
   * @minItems 1
   * @maxItems 20
   */
  provisions: {
    /**
     * Data category: `operational`.
     */
    type: 'permit' | 'deny';
    /**
     * Who a consent provision is about (FHIR Consent provision.actor): every partner of a sector, or one partner.
     */
    grantee: Grantee;
    /**
     * @minItems 1
     * @maxItems 5
     */
    purposes: Purpose[];
    /**
     * @minItems 1
     * @maxItems 10
     */
    dataCategories: DataCategory[];
    /**
     * When the provision applies; open-ended without an end.
     */
    period?: {
      /**
       * Data category: `operational`.
       */
      start: string;
      /**
       * Data category: `operational`.
       */
      end?: string;
    };
  }[];
  recordedBy: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker: CaseWorker;
  };
  /**
   * What shows that the person consented, kept by the recording organisation: the kind of evidence and its reference in that organisation's own records. The gateway's consent API requires it; consents recorded before it did lack it.
   */
  evidence?: {
    /**
     * Data category: `operational`.
     */
    kind:
      | 'signed-form'
      | 'electronic-signature'
      | 'recorded-verbal'
      | 'witnessed-verbal'
      | 'guardian-authorisation'
      | 'court-order';
    /**
     * Where the evidence is filed, e.g. the form or document number in the organisation's case system.
     *
     * Data category: `operational`.
     */
    reference: string;
  };
  /**
   * A consent that widens what the recording organisation itself receives takes effect only once a second person of that organisation with the supervisor role confirms it; its event is published then and names them. Absent on consents that needed no confirmation.
   */
  confirmedBy?: {
    /**
     * The confirming supervisor's token subject.
     *
     * Data category: `operational`.
     */
    workerId: string;
    /**
     * Data category: `operational`.
     */
    confirmedAt: string;
  };
  /**
   * Data category: `narrative`.
   */
  notes?: string;
}

/**
 * A person withdrew a consent, wholly or for one grantee. It takes effect for every event processed after it; what was already disclosed stays disclosed (and audited). The gateway's consent API produces it.
 */
export interface ConsentRevokedV1Data {
  /**
   * Data category: `operational`.
   */
  consentId: string;
  /**
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * Data category: `operational`.
   */
  revokedAt: string;
  /**
   * Revoke only the provisions for this grantee; without it the whole consent is revoked.
   */
  grantee?: Grantee;
  /**
   * Data category: `operational`.
   */
  reason: 'subject-request' | 'guardian-request' | 'capacity-reassessed' | 'recorded-in-error' | 'other';
  recordedBy: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker: CaseWorker;
  };
  /**
   * Data category: `narrative`.
   */
  notes?: string;
}

/**
 * The redaction service delivered (a redacted copy of) one event to one partner. Written to beacon.audit in the same Kafka transaction as the delivery, so there is never one without the other. It names paths, never values: the audit log must not become a second copy of the data.
 */
export interface DisclosureRecordedV1Data {
  /**
   * Data category: `operational`.
   */
  recordId: string;
  /**
   * Data category: `operational`.
   */
  recordedAt: string;
  /**
   * The source event, by its CloudEvents attributes and its place on the canonical log.
   */
  event: {
    /**
     * Data category: `operational`.
     */
    id: string;
    /**
     * Data category: `operational`.
     */
    type: string;
    /**
     * Data category: `operational`.
     */
    source: string;
    /**
     * Data category: `operational`.
     */
    time?: string;
    /**
     * Data category: `operational`.
     */
    topic?: string;
    /**
     * Data category: `operational`.
     */
    partition?: number;
    /**
     * Data category: `operational`.
     */
    offset?: string;
  };
  /**
   * Data category: `identity`.
   */
  subjectId: string;
  recipient: {
    /**
     * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
     *
     * Data category: `operational`.
     */
    partnerId: PartnerId;
    /**
     * The sector of a partner organisation; redaction policy is chosen by it.
     *
     * Data category: `operational`.
     */
    sector: Sector;
  };
  /**
   * Why data is shared (FHIR Consent provision.purpose). `emergency` is the break-glass purpose.
   *
   * Data category: `operational`.
   */
  purpose: Purpose;
  /**
   * The sector policy file that decided, by id and version.
   */
  policy: {
    /**
     * Data category: `operational`.
     */
    id: string;
    /**
     * sha256:<hex> of the policy's canonical JSON.
     *
     * Data category: `operational`.
     */
    version: string;
  };
  /**
   * Consents that allowed or withheld at least one path.
   *
   * @maxItems 50
   */
  consentIds: string[];
  /**
   * JSON pointers of the fields delivered unchanged.
   *
   * @maxItems 1000
   */
  disclosedPaths: string[];
  /**
   * For each path, disclosed or not, the rule, grant, consent or break-glass that decided it, in the words of the policy engine (e.g. "consent c-17 (permit)" or "ngo policy, identity rule"). Optional: records written before it was added do not carry it; records written since the grouped form (rules) was added carry that instead.
   *
   * @maxItems 2000
   */
  decidedBy?: {
    /**
     * Data category: `operational`.
     */
    path: string;
    /**
     * Data category: `operational`.
     */
    by: string;
  }[];
  /**
   * What decided each path, disclosed or not, grouped by decision: the rule, grant, consent or break-glass in the words of the policy engine (e.g. "consent c-17 (permit)" or "ngo policy, identity rule") with the paths it decided. Every path of disclosedPaths and withheld is in exactly one group. Written instead of decidedBy, which named the decision once per path and made the record about twice as large; readers accept either. Optional: records written before it was added do not carry it.
   *
   * @maxItems 500
   */
  rules?: {
    /**
     * Data category: `operational`.
     */
    by: string;
    /**
     * @minItems 1
     * @maxItems 2000
     */
    paths: string[];
  }[];
  /**
   * Fields not delivered as they were: dropped, or delivered masked, hashed or generalised.
   *
   * @maxItems 1000
   */
  withheld: {
    /**
     * Data category: `operational`.
     */
    path: string;
    /**
     * Data category: `operational`.
     */
    reason:
      | 'sector-policy'
      | 'default-deny'
      | 'uncategorised'
      | 'consent-denied'
      | 'consent-required'
      | 'narrative-scrubbed'
      | 'hash-key-unavailable'
      | 'not-generalizable';
    /**
     * Data category: `operational`.
     */
    transformation: 'drop' | 'nullify' | 'mask' | 'hash' | 'generalize' | 'scrub';
  }[];
  breakGlass: {
    /**
     * Data category: `operational`.
     */
    used: boolean;
    /**
     * The written reason given for emergency access. Free text a person wrote, so narrative.
     *
     * Data category: `narrative`.
     */
    reason?: string;
    /**
     * Data category: `operational`.
     */
    authorisedBy?: string;
    /**
     * Data category: `operational`.
     */
    expiresAt?: string;
  };
  /**
   * The delivered copy: its topic and its CloudEvents id (ce_id of the delivery record), written in the same Kafka transaction as this record. The delivery's own offset is not known until that transaction commits, so it is not recorded here.
   */
  delivery: {
    /**
     * Data category: `operational`.
     */
    topic: string;
    /**
     * Data category: `operational`.
     */
    id: string;
  };
}

/**
 * A person revoked a consent under which this partner received data. The partner must purge the listed deliveries (by their delivery id, the ce_id it received, and by the source event id) and everything it took from them. The redaction service writes it to the partner's delivery topic in the same Kafka transaction as the offset of the revocation, with its disclosure record on the audit topic. A retraction may list a delivery the partner never received (after a crash between the disclosure ledger and the Kafka commit); purging an unknown id is a no-op.
 */
export interface DisclosureRetractedV1Data {
  /**
   * Data category: `operational`.
   */
  retractionId: string;
  /**
   * Data category: `operational`.
   */
  retractedAt: string;
  /**
   * The revoked consent the listed deliveries were disclosed under.
   *
   * Data category: `operational`.
   */
  consentId: string;
  /**
   * The org.beacon.consent.revoked.v1 event that caused this retraction.
   */
  revocation: {
    /**
     * Data category: `operational`.
     */
    eventId: string;
    /**
     * Data category: `operational`.
     */
    revokedAt: string;
    /**
     * The grantee the consent was revoked for; absent when the whole consent was revoked.
     */
    grantee?: Grantee;
  };
  /**
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * The partner that must purge.
   */
  recipient: {
    /**
     * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
     *
     * Data category: `operational`.
     */
    partnerId: PartnerId;
    /**
     * The sector of a partner organisation; redaction policy is chosen by it.
     *
     * Data category: `operational`.
     */
    sector: Sector;
  };
  /**
   * Every delivery this partner received under the consent, oldest source event first.
   *
   * @minItems 1
   * @maxItems 10000
   */
  deliveries: {
    /**
     * The ce_id of the delivery the partner received.
     *
     * Data category: `operational`.
     */
    deliveryId: string;
    /**
     * The id of the source event on the canonical log (the delivery's causationid).
     *
     * Data category: `operational`.
     */
    eventId: string;
    /**
     * Data category: `operational`.
     */
    eventType?: string;
  }[];
}

/**
 * Intake refused an event a partner sent: the envelope or the data did not match the contract. Written to beacon.rejections.<partner>, which only that partner reads, so the reasons may name its own fields. The event itself is not copied back.
 */
export interface EventRejectedV1Data {
  /**
   * ce_id of the refused event, when it had one.
   *
   * Data category: `operational`.
   */
  eventId?: string;
  /**
   * ce_type of the refused event, when it had one.
   *
   * Data category: `operational`.
   */
  eventType?: string;
  /**
   * A partner's id, as used in its topic names (beacon.inbound.<partnerId>).
   *
   * Data category: `operational`.
   */
  partnerId: PartnerId;
  /**
   * The inbound record's timestamp.
   *
   * Data category: `operational`.
   */
  receivedAt: string;
  /**
   * Data category: `operational`.
   */
  rejectedAt: string;
  /**
   * Where the refused record sits on the partner's inbound topic.
   */
  inbound: {
    /**
     * Data category: `operational`.
     */
    topic: string;
    /**
     * Data category: `operational`.
     */
    partition: number;
    /**
     * Data category: `operational`.
     */
    offset: string;
  };
  /**
   * @minItems 1
   * @maxItems 100
   */
  reasons: {
    /**
     * JSON pointer into the event: /headers/ce_type, /data/subject/givenName.
     *
     * Data category: `operational`.
     */
    pointer: string;
    /**
     * Data category: `operational`.
     */
    message: string;
  }[];
}

/**
 * One partner asks another to provide a service to a person (shelter, medical care, legal advice, …), after the UK National Referral Mechanism form and US NHTH referral practice. The receiving partner accepts or declines it.
 */
export interface ReferralCreatedV1Data {
  /**
   * Data category: `operational`.
   */
  referralId: string;
  /**
   * Data category: `operational`.
   */
  createdAt: string;
  /**
   * The alert this referral follows from, if any.
   *
   * Data category: `operational`.
   */
  alertId?: string;
  /**
   * How soon someone must act: routine (days), priority (within 24 hours), urgent (within hours), emergency (now; risk to life).
   *
   * Data category: `operational`.
   */
  urgency: Urgency;
  /**
   * The referring partner and the worker to call back.
   */
  from: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker: CaseWorker;
  };
  /**
   * The receiving partner; a named worker only when one has been agreed.
   */
  to: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker?: CaseWorker;
  };
  /**
   * The person an event is about: a possible victim of trafficking. Only the subject id is required, because first reports often know little more.
   */
  subject: Subject;
  /**
   * @maxItems 7
   */
  exploitationTypes?: ExploitationType[];
  /**
   * @maxItems 18
   */
  meansOfControl?: MeansOfControl[];
  /**
   * @minItems 1
   * @maxItems 12
   */
  needs: {
    /**
     * A service the subject needs. Service routing only: clinical detail belongs in health fields.
     *
     * Data category: `operational`.
     */
    type: NeedType;
    /**
     * How soon someone must act: routine (days), priority (within 24 hours), urgent (within hours), emergency (now; risk to life).
     *
     * Data category: `operational`.
     */
    urgency?: Urgency;
    /**
     * Data category: `narrative`.
     */
    details?: string;
  }[];
  /**
   * Health facts the receiving service must know to keep the person safe.
   */
  health?: {
    /**
     * Data category: `health`.
     */
    requiresUrgentMedicalCare?: boolean;
    /**
     * Data category: `health`.
     */
    pregnant?: boolean;
    /**
     * Data category: `health`.
     */
    injuriesReported?: boolean;
    /**
     * Data category: `health`.
     */
    notes?: string;
  };
  /**
   * How to reach the person without alerting the exploiter.
   */
  safeContact?: {
    /**
     * Data category: `contact`.
     */
    method: 'phone' | 'text-message' | 'email' | 'via-referring-worker' | 'in-person-only';
    /**
     * When contact is safe, e.g. weekdays 10:00-12:00 while at the drop-in centre.
     *
     * Data category: `contact`.
     */
    safeTimes?: string;
    /**
     * Data category: `contact`.
     */
    safeToLeaveMessage?: boolean;
    /**
     * Data category: `demographic`.
     */
    interpreterLanguage?: string;
  };
  /**
   * Where something was seen, at the precision the reporter has: a point, an area (a town or district) or a region. `precision` says which; a recipient that may not see precise locations gets the area fields only.
   */
  currentLocation?: Location;
  /**
   * Whether the person agreed to be referred. Adults must consent (NRM); a child is referred without it.
   */
  consentToReferral: {
    /**
     * Data category: `operational`.
     */
    status: 'given' | 'not-required-child' | 'not-required-emergency';
    /**
     * The consent record (org.beacon.consent.granted) that covers this sharing.
     *
     * Data category: `operational`.
     */
    consentId?: string;
  };
  policeInvolvement?: {
    /**
     * Data category: `criminal-justice`.
     */
    reported: boolean;
    /**
     * Data category: `criminal-justice`.
     */
    crimeReference?: string;
    /**
     * Data category: `criminal-justice`.
     */
    subjectWillingToSupportInvestigation?: boolean;
  };
  /**
   * The referring worker's account: how the person was met, what they said, what they want.
   *
   * Data category: `narrative`.
   */
  narrative?: string;
}

/**
 * A delivered referral was not accepted within the time its urgency allows. The referrals service produces it once per referral and deadline, through its outbox; Beacon delivers it to the receiving partner so that a supervisor can see that the referral waits.
 */
export interface ReferralEscalatedV1Data {
  /**
   * Data category: `operational`.
   */
  referralId: string;
  /**
   * The referral's subject; the event is keyed by it, so it stays in order with the referral's other events.
   *
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * Which deadline passed: accept (the receiving partner has neither accepted nor declined).
   *
   * Data category: `operational`.
   */
  deadline: 'accept';
  /**
   * How soon someone must act: routine (days), priority (within 24 hours), urgent (within hours), emergency (now; risk to life).
   *
   * Data category: `operational`.
   */
  urgency: Urgency;
  /**
   * The referral's status when it was escalated.
   *
   * Data category: `operational`.
   */
  status: ReferralStatus;
  /**
   * When Beacon delivered the referral to the receiving partner; the deadline runs from then.
   *
   * Data category: `operational`.
   */
  receivedAt: string;
  /**
   * When the deadline passed.
   *
   * Data category: `operational`.
   */
  dueAt: string;
  /**
   * Data category: `operational`.
   */
  escalatedAt: string;
  /**
   * A partner organisation, named by its partner id.
   */
  referringOrganisation: OrganisationRef;
  /**
   * A partner organisation, named by its partner id.
   */
  receivingOrganisation: OrganisationRef;
  /**
   * The receiving partner's worker who holds the referral, if one is named.
   */
  assignedWorker?: CaseWorker;
  /**
   * Who at the receiving partner should be shown it: supervisors, and case workers where no supervisor role is given out.
   *
   * @minItems 1
   * @maxItems 2
   */
  notifyRoles: ('supervisor' | 'case-worker')[];
}

/**
 * A referral moved from one status to another: delivered to the receiving partner, accepted, declined with a reason, in progress, closed with an outcome, or withdrawn by the referrer. The referrals service produces it, so the originator hears every change.
 */
export interface ReferralStatusChangedV1Data {
  /**
   * Data category: `operational`.
   */
  referralId: string;
  /**
   * The referral's subject; the event is keyed by it, so it stays in order with the referral.
   *
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * Data category: `operational`.
   */
  changedAt: string;
  /**
   * Where a referral is in its lifecycle.
   *
   * Data category: `operational`.
   */
  fromStatus: ReferralStatus;
  /**
   * Where a referral is in its lifecycle.
   *
   * Data category: `operational`.
   */
  toStatus: ReferralStatus;
  /**
   * Why, for declined, closed and withdrawn.
   *
   * Data category: `operational`.
   */
  reasonCode?: ReferralReasonCode;
  /**
   * What happened, when the referral closes.
   */
  outcome?: {
    /**
     * @maxItems 12
     */
    servicesProvided?: NeedType[];
    /**
     * The partner the person was passed on to, if any.
     *
     * Data category: `operational`.
     */
    onwardReferral?: PartnerId;
    /**
     * Data category: `narrative`.
     */
    summary?: string;
  };
  /**
   * Who changed the status: a case worker of a partner, or the Beacon system itself (for delivered).
   */
  actor: {
    /**
     * A partner organisation, named by its partner id.
     */
    organisation: OrganisationRef;
    /**
     * A professional acting for a partner. Their work name and work contact details are operational, not the subject's identity or contact data: every recipient of a referral needs them to act on it.
     */
    caseWorker?: CaseWorker;
  };
  /**
   * Data category: `narrative`.
   */
  note?: string;
}

/**
 * Someone outside the partner network (a member of the public, a worker, the person themself) reported a suspicion through a partner's hotline, web form or front desk, as a hotline like the US NHTH or the UK Modern Slavery Helpline takes it. The people concerned are often not named: the subject id then stands for whoever the tip is about.
 */
export interface TipSubmittedV1Data {
  /**
   * Data category: `operational`.
   */
  tipId: string;
  /**
   * Beacon's id for the person, or the group, the tip is about.
   *
   * Data category: `identity`.
   */
  subjectId: string;
  /**
   * Data category: `operational`.
   */
  submittedAt: string;
  /**
   * Data category: `operational`.
   */
  observedAt?: string;
  /**
   * A partner organisation, named by its partner id.
   */
  receivedBy: OrganisationRef;
  /**
   * Data category: `operational`.
   */
  channel: 'hotline-call' | 'text-message' | 'web-form' | 'email' | 'mobile-app' | 'in-person';
  /**
   * Who gave the tip. Their name and number identify them, not the subject, but are as sensitive.
   */
  reporter: {
    /**
     * Data category: `operational`.
     */
    anonymous: boolean;
    /**
     * Data category: `operational`.
     */
    relationship:
      | 'member-of-public'
      | 'subject-themself'
      | 'family-or-friend'
      | 'co-worker'
      | 'customer'
      | 'professional'
      | 'unknown';
    /**
     * Data category: `identity`.
     */
    name?: string;
    /**
     * Data category: `contact`.
     */
    phone?: string;
    /**
     * Data category: `contact`.
     */
    email?: string;
    /**
     * Data category: `contact`.
     */
    callbackPermitted?: boolean;
  };
  /**
   * What the reporter could tell about the people concerned.
   */
  possibleVictims?: {
    /**
     * Data category: `demographic`.
     */
    countMin?: number;
    /**
     * Data category: `demographic`.
     */
    countMax?: number;
    /**
     * @maxItems 3
     */
    ageGroups?: AgeGroup[];
    /**
     * @maxItems 5
     */
    genders?: Gender[];
    /**
     * @maxItems 10
     */
    suspectedNationalities?: CountryCode[];
    /**
     * Data category: `narrative`.
     */
    description?: string;
  };
  /**
   * @maxItems 7
   */
  exploitationTypes?: ExploitationType[];
  /**
   * @maxItems 23
   */
  indicators?: Indicator[];
  /**
   * Where something was seen, at the precision the reporter has: a point, an area (a town or district) or a region. `precision` says which; a recipient that may not see precise locations gets the area fields only.
   */
  location: Location;
  /**
   * @maxItems 10
   */
  vehicles?: {
    /**
     * Data category: `criminal-justice`.
     */
    registration?: string;
    /**
     * Data category: `criminal-justice`.
     */
    description?: string;
  }[];
  /**
   * How soon someone must act: routine (days), priority (within 24 hours), urgent (within hours), emergency (now; risk to life).
   *
   * Data category: `operational`.
   */
  urgency: Urgency;
  /**
   * Data category: `narrative`.
   */
  narrative: string;
}

/** The data interface of each event type. */
export interface BeaconEventDataMap {
  'org.beacon.access.recorded.v1': AccessRecordedV1Data;
  'org.beacon.alert.raised.v1': AlertRaisedV1Data;
  'org.beacon.alert.raised.v2': AlertRaisedV2Data;
  'org.beacon.break-glass.granted.v1': BreakGlassGrantedV1Data;
  'org.beacon.consent.granted.v1': ConsentGrantedV1Data;
  'org.beacon.consent.revoked.v1': ConsentRevokedV1Data;
  'org.beacon.disclosure.recorded.v1': DisclosureRecordedV1Data;
  'org.beacon.disclosure.retracted.v1': DisclosureRetractedV1Data;
  'org.beacon.event.rejected.v1': EventRejectedV1Data;
  'org.beacon.referral.created.v1': ReferralCreatedV1Data;
  'org.beacon.referral.escalated.v1': ReferralEscalatedV1Data;
  'org.beacon.referral.status-changed.v1': ReferralStatusChangedV1Data;
  'org.beacon.tip.submitted.v1': TipSubmittedV1Data;
}

/** Every event type that has a schema. */
export type BeaconEventType = keyof BeaconEventDataMap;

/** The data of any event. */
export type BeaconEventData = BeaconEventDataMap[BeaconEventType];

/** An event type with its data; switch on `type` to narrow `data`. */
export type TypedBeaconEventData = {
  [T in BeaconEventType]: { readonly type: T; readonly data: BeaconEventDataMap[T] };
}[BeaconEventType];

/** Every event type that has a schema, sorted. */
export const BEACON_EVENT_TYPES: readonly BeaconEventType[] = [
  'org.beacon.access.recorded.v1',
  'org.beacon.alert.raised.v1',
  'org.beacon.alert.raised.v2',
  'org.beacon.break-glass.granted.v1',
  'org.beacon.consent.granted.v1',
  'org.beacon.consent.revoked.v1',
  'org.beacon.disclosure.recorded.v1',
  'org.beacon.disclosure.retracted.v1',
  'org.beacon.event.rejected.v1',
  'org.beacon.referral.created.v1',
  'org.beacon.referral.escalated.v1',
  'org.beacon.referral.status-changed.v1',
  'org.beacon.tip.submitted.v1',
];
