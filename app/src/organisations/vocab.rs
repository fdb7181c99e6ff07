//! The fixed lists an application and a profile choose from. Each entry is a stored key (never
//! shown) and the text key for its words in the reader's language.

use crate::i18n::T;

pub type Choices = &'static [(&'static str, T)];

pub const LEGAL_FORMS: Choices = &[
    ("worker", T::LegalWorker),
    ("consumer", T::LegalConsumer),
    ("housing", T::LegalHousing),
    ("multi_stakeholder", T::LegalMultiStakeholder),
    ("community_benefit", T::LegalCommunityBenefit),
    ("credit_union", T::LegalCreditUnion),
    ("mutual_insurer", T::LegalMutualInsurer),
    ("other", T::LegalOther),
];

pub const SECTORS: Choices = &[
    ("agriculture", T::SectorAgriculture),
    ("care", T::SectorCare),
    ("creative", T::SectorCreative),
    ("education", T::SectorEducation),
    ("energy", T::SectorEnergy),
    ("finance", T::SectorFinance),
    ("fishing", T::SectorFishing),
    ("food", T::SectorFood),
    ("housing", T::SectorHousing),
    ("manufacturing", T::SectorManufacturing),
    ("retail", T::SectorRetail),
    ("technology", T::SectorTechnology),
    ("tourism", T::SectorTourism),
    ("transport", T::SectorTransport),
    ("other", T::SectorOther),
];

pub const NATIONS: Choices = &[
    ("england", T::NationEngland),
    ("scotland", T::NationScotland),
    ("wales", T::NationWales),
    ("northern_ireland", T::NationNorthernIreland),
];

/// (nation key, region name). Region names are proper names, the same in both languages.
pub const REGIONS: &[(&str, &str)] = &[
    ("england", "North East"),
    ("england", "North West"),
    ("england", "Yorkshire and the Humber"),
    ("england", "East Midlands"),
    ("england", "West Midlands"),
    ("england", "East of England"),
    ("england", "London"),
    ("england", "South East"),
    ("england", "South West"),
    ("scotland", "Glasgow"),
    ("scotland", "Edinburgh and Lothians"),
    ("scotland", "Highlands and Islands"),
    ("scotland", "North East Scotland"),
    ("scotland", "South of Scotland"),
    ("wales", "North Wales"),
    ("wales", "Mid Wales"),
    ("wales", "South Wales"),
    ("northern_ireland", "Belfast"),
    ("northern_ireland", "Rest of Northern Ireland"),
];

pub const DELIVERY: Choices = &[
    ("online", T::DeliveryOnline),
    ("phone", T::DeliveryPhone),
    ("face_to_face", T::DeliveryFaceToFace),
];

pub const CONTACT_PREFERENCES: Choices = &[
    ("email", T::ContactByEmail),
    ("phone", T::ContactByPhone),
    ("online", T::ContactOnline),
];

/// The words for `key` in `list`, when it is one of them.
pub fn label(list: Choices, key: &str) -> Option<T> {
    list.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

pub fn is_choice(list: Choices, key: &str) -> bool {
    label(list, key).is_some()
}

/// The nation a region belongs to.
pub fn nation_of(region: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(_, r)| *r == region).map(|(n, _)| *n)
}
