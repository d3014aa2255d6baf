/**
 * What a volunteer offers and a client needs (the pilot's help profiles); contacts are
 * classified by them.
 * P1 conversation partner who also helps with practical things;
 * P2 conversation partner offering human support and meaningful contact;
 * P3 transport provider and/or escort for errands away from home;
 * P4 support person (tugiisik).
 */
export const HELP_PROFILES = ['P1', 'P2', 'P3', 'P4'] as const;
export type HelpProfile = (typeof HELP_PROFILES)[number];

export const LANGUAGES = ['et', 'ru', 'other'] as const;
export type Language = (typeof LANGUAGES)[number];

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

/** Where the client lives (R-MAP-4). */
export const LIVING_SITUATIONS = ['alone', 'with_family', 'care_home'] as const;
export type LivingSituation = (typeof LIVING_SITUATIONS)[number];
