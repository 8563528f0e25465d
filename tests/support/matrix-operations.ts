/**
 * The operations of the authorization matrix (tests/authorization-matrix.test.ts): together they read every
 * field of the supergraph and call every mutation, so the matrix fails when the schema grows unseen.
 */
export const MATRIX = /* GraphQL */ `
  query Matrix($progressNumber: String!, $company: String!, $companyId: ID!, $personId: ID!, $idNumber: String!, $personRecord: ID!, $application: ID!, $objection: ID!) {
    company: subjectByCode(code: $company) {
      ...SubjectAll
      creditReport(full: false) { number audience issuedAt htmlUrl pdfUrl verifyUrl signature pdfSha256 }
      fullReport: creditReport(full: true) { number audience }
      specialReport: specialCreditReport(fields: [MARKET_REGULATION], from: "2026-01-01", to: "2026-06-30") { number audience }
    }
    verifyCreditReport(number: "TCXY20260101AAAAAAAA", sha256: null) { number found authentic unaltered issuedAt audience subjectName title specialScope subjectCode superseded latestNumber latestIssuedAt }
    reportSigningKey { algorithm keyId publicKeyPem url }
    person: subject(id: $personId) { ...SubjectAll }
    byIdNumber: subjectByIdNumber(idNumber: $idNumber) { id }
    subjects(first: 2, filter: { nameContains: "太仓", kinds: [LEGAL_PERSON], district: "城厢镇", industry: "制造业", tags: [SME], creditCode: null }) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
    memberUnit(id: "health") { id name kind duties reportableCategories { ...Category } }
    memberUnits { id }
    personRecord: creditRecord(id: $personRecord) { ...RecordAll }
    creditRecords(first: 2, filter: { kinds: [HONOR] }) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    recordCategories { ...Category }
    publicDisclosures(first: 2, filter: { severities: [SERIOUS] }) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    overdueRectifications(first: 2) { edges { node { id } } }
    overdueRepairApplications { application { id } dueOn workingDaysLate }
    overdueObjections(unitId: null) { objection { id } waitingFor dueOn workingDaysLate }
    workQueue(first: 5, unitId: null) { totalCount edges { cursor node { ...WorkItemAll } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    trainingSessions { id title heldOn place capacity seatsLeft }
    forceMajeureCertificate(number: "TCBKKL20269999") { number subject { id } contracts periodFrom periodTo facts issuedOn issuedBy }
    applicationProgress(number: $progressNumber, code: "WRONG123") { number kind state submittedOn deadline decidedOn outcomeReason }
    tolerancePolicies { id name article categories cause conditions requires outcome deferral { until days months after description } deferUntil extendDays effectiveFrom effectiveTo inForceToday }
    emergencyResponse { endedOn setBy setAt }
    recordStatistics(by: SEVERITY) { key count suppressed }
    subjectStatistics(by: KIND) { key count suppressed }
    repairApplication(id: $application) { ...ApplicationAll }
    objection(id: $objection) { ...ObjectionAll }
    listMembers(list: JOINT_PUNISHMENT, first: 3) { edges { cursor node { ...MembershipAll } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    measures(list: null) { ...Measure }
    measuresFor(subject: $companyId, unit: null) { ...Due }
    measureCompliance(list: JOINT_PUNISHMENT, unit: null, applied: null, first: 2) { totalCount edges { cursor node { ...Due } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    measureComplianceSummary(list: null) { measure { code } unit { id } due applied notApplied pending }
    pointsRules { basis points updatedAt }
    loanProfile(subject: $companyId) {
      subject { id } supervision { level } lists { id } negativeRecords { severity count } positiveRecords { kind count }
      epidemicSupplyProducer hardHitSme authorisedUntil
    }
    loanAuthorisations(activeOnly: false) { ...Loan }
    exemplars(first: 2) {
      edges { cursor node { subject { id } displayName since deeds { category label decisionDate record { id } } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
    auditTrail(filter: { limit: 1 }) {
      filter
      subjects { ...Audit } records { ...Audit } repairs { ...Audit } incentives { ...Audit } reports { ...Audit }
      subjectsChain { ...Chain } recordsChain { ...Chain } repairsChain { ...Chain } incentivesChain { ...Chain } reportsChain { ...Chain }
    }
  }
  fragment SubjectAll on Subject {
    id kind name creditCode creditCodeChecksumValid idNumberMasked idNumber legalRepresentative registeredAddress district industry registeredOn status tags
    registeredCapital { amount currency } organisationType businessScope registrationAuthority approvedOn
    creditRecords(kinds: null) { ...RecordAll }
    administrativeLicences { ...LicenceAll }
    repairApplications { ...ApplicationAll }
    objections { ...ObjectionAll }
    listMemberships(activeOnly: false) { ...MembershipAll }
    supervision { level reason inspection assessedAt }
    loanAuthorisations { ...Loan }
    trainingEnrolments { session { id } enrolledAt attended }
    creditPoints { balance level history { id delta kind reason record { id } at } }
  }
  fragment RecordAll on CreditRecord {
    id subject { id } kind category categoryInfo { ...Category } severity status reportingUnit { id name } unitReference decisionDate facts legalBasis
    disclosure { ruleVersion minimumUntil publicFrom publicUntil isPublicNow reason } rectificationDeadline reportedAt
    deferredUntil version history { version content replacedAt replacedBy }
    rectification { deadline originalDeadline extensions { days reason by at } status completedOn overdueDays outcomeHistory { outcome on previousOutcome previousOn by at } extensionsLeft extensionDaysLeft }
    commitment { status breachedBy { id } breaches { id } }
    breachOf { id }
    forceMajeureCertificate { number }
    toleranceDecision { outcome policyId policyName article cause evidence forceMajeureCertificate deferredUntil extendedByDays claimedOn explanation }
    penalty { decisionNumber types content fineAmount confiscatedAmount licenceAffected }
    repairApplications { id } objections { id }
  }
  fragment LicenceAll on AdministrativeLicence {
    id subject { id } decisionNumber certificateName certificateNumber type content decisionDate validFrom validUntil licensingUnit { id name } status version reportedAt
  }
  fragment Category on CategoryInfo { code label kind article articleExcerpt defaultSeverity reportingUnits { id } appliesToNaturalPersons appliesToOrganisations repairable requiresRectification }
  fragment ApplicationAll on RepairApplication {
    id number record { id } subject { id } state greenChannel greenChannelBasis correctionProof submittedAt acceptBy decideBy decidedAt reason history { ...Step }
    evidence { correctionProof obligationsDescription commitmentSigned greenChannel greenChannelBasis greenChannelEvidence subjectTags trainingSession { id } }
  }
  fragment ObjectionAll on Objection { id number record { id } subject { id } state grounds submittedAt verifyBy extended resolvedAt outcomeReason correctBy correctionReceivedAt history { ...Step } }
  fragment WorkItemAll on WorkItem { kind number application { id } objection { id } record { id } reportingUnitId submittedOn deadline workingDaysLeft overdue }
  fragment Step on StateChange { state at by reason }
  fragment MembershipAll on ListMembership { id list subject { id } reason since until active origin endedAt endReason causedBy { id } }
  fragment Measure on Measure { code label type direction list unitIds units { id } basis }
  fragment Due on MeasureDue {
    measure { code } unit { id } subject { id } membership { id } applied
    feedback { id measure { code } unit { id } subject { id } membership { id } outcome appliedOn result reference reportedAt }
  }
  fragment Loan on LoanAuthorisation { id subject { id } institution { id } grantedAt validUntil revokedAt active }
  fragment Audit on AuditEntry { seq at requestId principal unitId operation action dataClass subjectIds hash }
  fragment Chain on ChainVerification { intact checkedEntries firstBrokenSeq problem headHash anchoredSeq anchoredAt anchorProblems checkpointSeq checkpointAt }
`;

export const WRITE = /* GraphQL */ `
  mutation MatrixWrite($batch: [RecordReportInput!]!, $one: RecordReportInput!, $licences: [LicenceReportInput!]!, $rectify: ID!, $commitment: ID!) {
    reportRecords(input: $batch) { ...Result }
    reportLicences(input: $licences) { index decisionNumber outcome licence { id version status } problems { field reason code } }
    reportRecord(input: $one) { ...Result }
    extendRectification(recordId: $rectify, days: 10, reason: "疫情反复，企业申请延期") { id }
    recordRectification(recordId: $rectify, outcome: RECTIFIED, on: "2026-11-20") { id }
    fulfilCommitment(recordId: $commitment) { id }
    endEmergencyResponse(on: "2099-12-31") { endedOn setBy setAt }
    setToleranceDeferral(policyId: "N8-FORCE-MAJEURE-DEFER", deferral: { months: 3, after: EMERGENCY_END }) { id }
    registerSubjects(input: [{ creditCode: "91320585MA1X8M4T09", name: "太仓市矩阵登记测试有限公司", registeredCapital: { amount: "100", currency: CNY }, approvedOn: "2020-01-01" }]) {
      index creditCode outcome problems { field reason code } subject { id }
    }
    designateSubjects(input: [{ subjectId: "91320585MA1X8M4T09", tags: [SME] }], reason: "矩阵测试") {
      index subjectId outcome problems { field reason code } subject { id }
    }
  }
  fragment Result on ReportResult { index unitReference outcome recordId record { id version } problems { field reason code } }
`;

/** Repair mutations on ids that do not exist: who passes the authorization layer gets a domain error, the rest FORBIDDEN. */
export const REPAIR_WRITE = /* GraphQL */ `
  mutation MatrixRepair($nowhere: ID!) {
    applyForRepair(input: { recordId: $nowhere, correctionProof: "已整改", obligationsMet: true, commitmentSigned: true }) { application { id } queryCode }
    moveRepairApplication(id: $nowhere, to: WITHDRAWN) { id }
    raiseObjection(input: { recordId: $nowhere, grounds: "处罚对象有误" }) { objection { id } queryCode }
    extendObjection(id: $nowhere, reason: "需协查") { id }
    resolveObjection(id: $nowhere, outcome: UPHELD, reason: "经核实无误") { id }
    issueForceMajeureCertificate(input: { creditCode: "91320585692138384B", contracts: ["HT-1"], periodFrom: "2020-02-01", periodTo: "2020-03-31", facts: "停航" }) { number }
    scheduleTraining(input: { title: "信用修复培训", heldOn: "2020-01-01", place: "市民中心", capacity: 50 }) { id }
    enrolInTraining(sessionId: $nowhere) { enrolledAt }
    recordTrainingAttendance(sessionId: $nowhere, subjectId: "x", attended: true) { attended }
  }
`;

/** Incentive mutations on subjects and ids that do not exist: each role gets FORBIDDEN, or the workflow's own answer. */
export const INCENTIVES_WRITE = /* GraphQL */ `
  mutation MatrixIncentives($nowhere: ID!) {
    addListEntry(input: { subject: "NOWHERE", list: RED, reason: "矩阵测试", until: null }) { id }
    endListMembership(id: $nowhere, reason: "矩阵测试") { id }
    reportMeasureFeedback(input: { subject: "NOWHERE", measure: "NOPE", membership: $nowhere, outcome: APPLIED, appliedOn: "2026-01-01", result: "x", reference: "M-1" }) { id }
    setPointsRule(basis: "NOPE", points: 1) { basis }
    grantLoanAuthorisation(institution: "nowhere", validUntil: "2099-01-01") { id }
    revokeLoanAuthorisation(id: $nowhere) { id }
    consentToExemplarPublicity(displayName: "") 
    withdrawExemplarConsent
  }
`;
