//! Every text of the portal, English then French. Keep keys grouped by page.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! strings {
    ($($key:ident => $en:literal, $fr:literal;)*) => {
        /// A text key; `Locale::t` gives its words.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];
            /// Each key's name, in the order of `ALL`: what a key is called in JSON. Not in the
            /// browser's bundle (see `from_name`).
            #[cfg_attr(all(feature = "hydrate", not(feature = "ssr")), allow(dead_code))]
            const NAMES: &'static [&'static str] = &[$(stringify!($key)),*];
            pub fn en(self) -> &'static str { match self { $(T::$key => $en),* } }
            pub fn fr(self) -> &'static str { match self { $(T::$key => $fr),* } }
        }
    };
}

// Written by hand rather than derived: the derived code for 700 variants was about 90 KB of
// the browser's bundle (errors from server functions carry keys); a table look-up is a few
// hundred bytes. The JSON is the same: the key's name as a string.
impl T {
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The key called `name`. In the browser, only among the words its islands were given
    /// (the only keys it can show): so the bundle carries no table of every key's name.
    pub fn from_name(name: &str) -> Option<T> {
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        return super::words::index_named(name).and_then(|i| Self::ALL.get(i).copied());
        #[cfg(any(feature = "ssr", not(feature = "hydrate")))]
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }
}

impl Serialize for T {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for T {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        T::from_name(&name).ok_or_else(|| serde::de::Error::custom(format_args!("unknown text key {name}")))
    }
}

strings! {
    // Shell
    AppName => "Co-op Circles", "Cercles coopératifs";
    Tagline => "Co-operatives learning from each other", "Des coopératives qui apprennent les unes des autres";
    SkipToContent => "Skip to main content", "Aller au contenu principal";
    NavHome => "Home", "Accueil";
    NavAccount => "My account", "Mon compte";
    NavPeople => "People and roles", "Personnes et rôles";
    NavOutbox => "Outbox", "Messages envoyés";
    NavSignIn => "Sign in", "Se connecter";
    NavSignUp => "Create an account", "Créer un compte";
    NavSignOut => "Sign out", "Se déconnecter";
    NavMenu => "Menu", "Menu";
    MainNavigation => "Main navigation", "Navigation principale";
    Language => "Language", "Langue";
    ChangeLanguage => "Change", "Changer";
    FooterText => "Co-operatives 2020: a mutual for co-operatives", "Co-operatives 2020 : une mutuelle pour les coopératives";
    Loading => "Loading…", "Chargement…";

    // Roles
    RoleMember => "Member", "Membre";
    RoleFacilitator => "Facilitator", "Animateur ou animatrice";
    RoleAdvisor => "Advisor", "Conseiller ou conseillère";
    RoleAssessor => "Assessor", "Évaluateur ou évaluatrice";
    RoleAdmin => "Administrator", "Administrateur ou administratrice";

    // Home
    HomeTitle => "Learn with other co-operatives", "Apprendre avec d'autres coopératives";
    HomeIntro => "Co-op Circles brings member co-operatives together in learning circles: you share experience, solve real problems together and build a portfolio towards the Kitemark.", "Cercles coopératifs réunit les coopératives membres en cercles d'apprentissage : vous partagez votre expérience, résolvez ensemble de vrais problèmes et constituez un portfolio en vue du label Kitemark.";
    HomeHello => "Hello, {name}", "Bonjour, {name}";
    HomeYourRoles => "Your roles", "Vos rôles";
    HomeNoRoles => "You have no role yet. Apply for your co-operative to join: an advisor gives you a role when the application is approved.", "Vous n'avez pas encore de rôle. Faites adhérer votre coopérative : un conseiller vous attribue un rôle quand la candidature est acceptée.";
    HomeApplyButton => "Apply for your co-operative", "Faire adhérer votre coopérative";
    ErrDraftNewer => "A newer version of this application was saved (from another page or device). It is shown now: check it and carry on.", "Une version plus récente de cette demande a été enregistrée (depuis une autre page ou un autre appareil). Elle est affichée : vérifiez-la et continuez.";
    HomeGetStarted => "Create an account to apply for membership, or sign in if you already have one.", "Créez un compte pour demander l'adhésion, ou connectez-vous si vous en avez déjà un.";
    HomeStepsTitle => "How it works", "Comment ça marche";
    HomeStepApply => "Apply and tell us what your co-operative needs.", "Candidatez et dites-nous ce dont votre coopérative a besoin.";
    HomeStepCircle => "Join a learning circle with co-ops facing the same questions.", "Rejoignez un cercle d'apprentissage avec des coopératives qui se posent les mêmes questions.";
    HomeStepProgramme => "Turn what you learn into an activity programme and report results.", "Transformez ce que vous apprenez en programme d'activités et rendez compte des résultats.";
    HomeStepKitemark => "Build your portfolio for the Kitemark.", "Constituez votre portfolio pour le label Kitemark.";

    // Forms in general
    ErrorSummaryTitle => "There is a problem", "Il y a un problème";
    Optional => "(optional)", "(facultatif)";
    ErrorPrefix => "Error: ", "Erreur : ";

    // Errors
    ErrFixBelow => "Check the answers marked below.", "Vérifiez les réponses signalées ci-dessous.";
    ErrSignInRequired => "Sign in to see this page.", "Connectez-vous pour voir cette page.";
    ErrForbidden => "You do not have access to this. Ask an administrator if you think you should.", "Vous n'avez pas accès à ceci. Demandez à un administrateur si vous pensez que vous devriez.";
    ErrNotFound => "We could not find that.", "Nous n'avons pas trouvé cela.";
    ErrBadCredentials => "The email address or password is not right. Check them and try again.", "L'adresse e-mail ou le mot de passe est incorrect. Vérifiez-les et réessayez.";
    ErrRateLimited => "Too many attempts. Wait {minutes} minutes, then try again.", "Trop de tentatives. Attendez {minutes} minutes, puis réessayez.";
    ErrLinkExpired => "This link has expired or was already used. Ask for a new one.", "Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.";
    ErrCrossOrigin => "This request came from another site and was refused.", "Cette demande venait d'un autre site et a été refusée.";
    ErrNetwork => "We could not reach the server. Check your connection and try again: what you typed is kept.", "Impossible de joindre le serveur. Vérifiez votre connexion et réessayez : ce que vous avez saisi est conservé.";
    ErrBadRequest => "The form was incomplete. Reload the page and try again.", "Le formulaire était incomplet. Rechargez la page et réessayez.";
    ErrUnavailable => "Something went wrong on our side. Try again in a few minutes.", "Un problème est survenu de notre côté. Réessayez dans quelques minutes.";

    // Field validation
    ErrNameMissing => "Enter your full name", "Saisissez votre nom complet";
    ErrNameTooLong => "Your name must be 100 characters or fewer", "Votre nom doit comporter 100 caractères au maximum";
    ErrEmailMissing => "Enter your email address", "Saisissez votre adresse e-mail";
    ErrEmailInvalid => "Enter an email address in the right format, like name@example.coop", "Saisissez une adresse e-mail au bon format, par exemple nom@exemple.coop";
    ErrEmailTaken => "An account already uses this email address. Sign in, or reset your password.", "Un compte utilise déjà cette adresse e-mail. Connectez-vous ou réinitialisez votre mot de passe.";
    ErrPasswordMissing => "Enter a password", "Saisissez un mot de passe";
    ErrPasswordTooShort => "Your password must be at least 10 characters", "Votre mot de passe doit comporter au moins 10 caractères";
    ErrPasswordTooLong => "Your password must be 128 characters or fewer", "Votre mot de passe doit comporter 128 caractères au maximum";
    ErrPasswordIsEmail => "Your password must not be your email address", "Votre mot de passe ne doit pas être votre adresse e-mail";
    ErrPasswordsDiffer => "The passwords do not match", "Les mots de passe ne correspondent pas";
    ErrCurrentPasswordWrong => "Your current password is not right", "Votre mot de passe actuel est incorrect";
    ErrRoleUnknown => "Choose a role from the list", "Choisissez un rôle dans la liste";
    ErrLastAdmin => "The portal needs at least one administrator: give the role to someone else first", "Le portail a besoin d'au moins un administrateur : donnez d'abord ce rôle à quelqu'un d'autre";

    // Sign up
    SignUpTitle => "Create an account", "Créer un compte";
    SignUpIntro => "Your account lets you apply for membership and take part in circles.", "Votre compte vous permet de demander l'adhésion et de participer aux cercles.";
    FieldName => "Full name", "Nom complet";
    FieldEmail => "Email address", "Adresse e-mail";
    FieldEmailHint => "We use it to sign you in and to send you messages about your circles.", "Elle sert à vous connecter et à vous envoyer des messages sur vos cercles.";
    FieldPassword => "Password", "Mot de passe";
    FieldPasswordHint => "At least 10 characters. Three random words make a strong password.", "Au moins 10 caractères. Trois mots au hasard font un mot de passe solide.";
    FieldPasswordConfirm => "Confirm password", "Confirmez le mot de passe";
    SignUpButton => "Create account", "Créer le compte";
    SignUpHaveAccount => "Already have an account?", "Vous avez déjà un compte ?";

    // Sign in
    SignInTitle => "Sign in", "Se connecter";
    SignInButton => "Sign in", "Se connecter";
    SignInForgot => "Forgotten your password?", "Mot de passe oublié ?";
    SignInNoAccount => "No account yet?", "Pas encore de compte ?";
    SignInAfterReset => "Your password has been changed. Sign in with your new password.", "Votre mot de passe a été modifié. Connectez-vous avec le nouveau.";

    // Forgotten password
    ForgotTitle => "Reset your password", "Réinitialiser votre mot de passe";
    ForgotIntro => "Enter the email address of your account. We will send you a link to choose a new password.", "Saisissez l'adresse e-mail de votre compte. Nous vous enverrons un lien pour choisir un nouveau mot de passe.";
    ForgotButton => "Send the link", "Envoyer le lien";
    ForgotSent => "If an account uses that address, we have sent it a link. It works for one hour.", "Si un compte utilise cette adresse, nous lui avons envoyé un lien. Il est valable une heure.";
    ResetTitle => "Choose a new password", "Choisissez un nouveau mot de passe";
    ResetButton => "Save the new password", "Enregistrer le nouveau mot de passe";
    ResetMailSubject => "Reset your Co-op Circles password", "Réinitialiser votre mot de passe Cercles coopératifs";
    ResetMailBody => "Hello {name},\n\nSomeone asked to reset the password of your Co-op Circles account. To choose a new password, open this link within one hour:\n\n{link}\n\nIf it was not you, ignore this message: your password stays as it is.\n\nCo-operatives 2020", "Bonjour {name},\n\nQuelqu'un a demandé à réinitialiser le mot de passe de votre compte Cercles coopératifs. Pour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure :\n\n{link}\n\nSi ce n'était pas vous, ignorez ce message : votre mot de passe ne change pas.\n\nCo-operatives 2020";

    // Confirming an email address
    ConfirmMailSubject => "Confirm your email address for Co-op Circles", "Confirmez votre adresse e-mail pour Cercles coopératifs";
    ConfirmMailBody => "Hello {name},\n\nTo confirm that this address is yours, open this link within 3 days (sign in first if you are asked to):\n\n{link}\n\nUntil then you can use your account, but you cannot join a co-op: invitations and applications sent to this address wait for it.\n\nIf you did not create an account on Co-op Circles, ignore this message.\n\nCo-operatives 2020", "Bonjour {name},\n\nPour confirmer que cette adresse est bien la vôtre, ouvrez ce lien sous 3 jours (connectez-vous d'abord si on vous le demande) :\n\n{link}\n\nD'ici là, vous pouvez utiliser votre compte mais pas rejoindre une coopérative : les invitations et les demandes envoyées à cette adresse attendent la confirmation.\n\nSi vous n'avez pas créé de compte sur Cercles coopératifs, ignorez ce message.\n\nCo-operatives 2020";
    MailLinkPlaceholder => "[link sent by e-mail]", "[lien envoyé par e-mail]";
    ConfirmTitle => "Confirm your email address", "Confirmez votre adresse e-mail";
    ConfirmText => "Confirm that {email} is your address. Invitations and applications sent to it can then be yours.", "Confirmez que {email} est bien votre adresse. Les invitations et les demandes qui lui sont envoyées pourront alors être les vôtres.";
    ConfirmButton => "Confirm my address", "Confirmer mon adresse";
    ConfirmDone => "Your email address is confirmed.", "Votre adresse e-mail est confirmée.";
    EmailConfirmedLabel => "Address confirmed", "Adresse confirmée";
    EmailConfirmedYes => "Yes", "Oui";
    EmailConfirmedNo => "Not yet", "Pas encore";
    EmailNotConfirmed => "Your email address {email} is not confirmed yet. Open the link we emailed you: until then you cannot join a co-op or take an invitation or an application sent to this address.", "Votre adresse e-mail {email} n'est pas encore confirmée. Ouvrez le lien que nous vous avons envoyé : d'ici là, vous ne pouvez pas rejoindre une coopérative ni reprendre une invitation ou une demande envoyée à cette adresse.";
    ConfirmResendButton => "Send the link again", "Renvoyer le lien";
    ConfirmResent => "We have sent a new link. It works for 3 days.", "Nous avons envoyé un nouveau lien. Il est valable 3 jours.";
    ErrConfirmEmailFirst => "Confirm your email address first: open the link we emailed you, or ask for a new one.", "Confirmez d'abord votre adresse e-mail : ouvrez le lien que nous vous avons envoyé, ou demandez-en un nouveau.";
    ErrLinkForAnotherAddress => "This link was sent to another email address. Sign in with the account that uses that address.", "Ce lien a été envoyé à une autre adresse e-mail. Connectez-vous avec le compte qui utilise cette adresse.";
    ErrConfirmOtherAccount => "This link confirms the address of another account. Sign out, then sign in with that account.", "Ce lien confirme l'adresse d'un autre compte. Déconnectez-vous, puis connectez-vous avec ce compte.";
    ErrAlreadyConfirmed => "Your email address is already confirmed.", "Votre adresse e-mail est déjà confirmée.";

    // Account
    AccountTitle => "My account", "Mon compte";
    AccountDetails => "Your details", "Vos informations";
    ChangePasswordTitle => "Change your password", "Changer votre mot de passe";
    FieldCurrentPassword => "Current password", "Mot de passe actuel";
    FieldNewPassword => "New password", "Nouveau mot de passe";
    ChangePasswordButton => "Change password", "Changer le mot de passe";
    PasswordChanged => "Your password has been changed. Your other sessions have been signed out.", "Votre mot de passe a été modifié. Vos autres sessions ont été déconnectées.";
    SessionsTitle => "Where you are signed in", "Où vous êtes connecté";
    SessionsIntro => "Sign out of any session you do not recognise.", "Déconnectez toute session que vous ne reconnaissez pas.";
    SessionThisDevice => "This device", "Cet appareil";
    SessionStarted => "Signed in {when}", "Connecté le {when}";
    SessionLastSeen => "Last active {when}", "Dernière activité le {when}";
    SessionRevoke => "Sign out this session", "Déconnecter cette session";
    SessionRevoked => "That session has been signed out.", "Cette session a été déconnectée.";
    SessionNoOthers => "You are not signed in anywhere else.", "Vous n'êtes connecté nulle part ailleurs.";
    UnknownDevice => "Unknown device", "Appareil inconnu";

    // Admin: people and roles
    PeopleTitle => "People and roles", "Personnes et rôles";
    PeopleIntro => "Give or remove roles. A person can hold several.", "Donnez ou retirez des rôles. Une personne peut en avoir plusieurs.";
    PeopleSearch => "Search by name or email", "Rechercher par nom ou e-mail";
    PeopleSearchButton => "Search", "Rechercher";
    PeopleNone => "Nobody matches.", "Personne ne correspond.";
    PeopleGrant => "Give role", "Donner le rôle";
    PeopleRemove => "Remove {role}", "Retirer {role}";
    PeopleRoleToGive => "Role to give", "Rôle à donner";
    PeopleNoRole => "No role", "Aucun rôle";
    PeopleSaved => "Roles updated.", "Rôles mis à jour.";
    ColName => "Name", "Nom";
    ColEmail => "Email", "E-mail";
    ColRoles => "Roles", "Rôles";
    ColActions => "Change", "Modifier";

    // Admin: outbox
    OutboxTitle => "Outbox", "Messages envoyés";
    OutboxIntro => "Every email the portal sends, queued and then delivered in the background. Without an SMTP server configured, messages stay here. A message the mail server refuses is tried again 1, 2, 4, 8 and 16 minutes later, then marked as failed with the reason. A link that gives access (a password reset, a confirmation, an invitation, a claim) is never kept: it is made as the email is delivered and exists only in the email itself.", "Tous les e-mails envoyés par le portail, mis en file puis distribués en arrière-plan. Sans serveur SMTP configuré, les messages restent ici. Un message refusé par le serveur de messagerie est réessayé 1, 2, 4, 8 et 16 minutes plus tard, puis marqué en échec avec le motif. Un lien qui donne accès (réinitialisation, confirmation, invitation, reprise de demande) n'est jamais conservé : il est créé au moment de l'envoi et n'existe que dans l'e-mail lui-même.";
    OutboxFailedCount => "Messages not delivered: {count}. Each one says why below; none is sent again by itself.", "Messages non distribués : {count}. Chacun indique pourquoi ci-dessous ; aucun n'est renvoyé de lui-même.";
    OutboxEmpty => "No messages yet.", "Aucun message pour l'instant.";
    OutboxTo => "To", "À";
    OutboxSubject => "Subject", "Objet";
    OutboxWhen => "Created", "Créé";
    OutboxStatus => "Status", "État";
    OutboxSent => "Sent by SMTP", "Envoyé par SMTP";
    OutboxHeld => "Kept in the outbox", "Conservé dans la boîte d'envoi";
    OutboxFailed => "Sending failed", "Échec de l'envoi";
    OutboxQueued => "Waiting to be sent", "En attente d'envoi";
    OutboxSending => "Being sent", "En cours d'envoi";
    OutboxUnknown => "Interrupted while sending: it may not have arrived, and is not sent again", "Interrompu pendant l'envoi : il n'est peut-être pas arrivé, et n'est pas renvoyé";
    OutboxReason => "Reason: {detail}", "Motif : {detail}";
    OutboxLastTry => "The last try failed and another will follow: {detail}", "La dernière tentative a échoué, une autre suivra : {detail}";

    // Error pages
    NotFoundTitle => "Page not found", "Page introuvable";
    NotFoundText => "If you typed the address, check it is right. If you followed a link, it may be out of date.", "Si vous avez saisi l'adresse, vérifiez-la. Si vous avez suivi un lien, il est peut-être périmé.";
    NotFoundHome => "Go to the home page", "Aller à la page d'accueil";
    ForbiddenTitle => "You do not have access", "Vous n'avez pas accès";
    ProblemTitle => "Sorry, there is a problem", "Désolé, il y a un problème";
    TryAgain => "Try again", "Réessayer";

    // Navigation (onboarding, circles, profiles)
    NavApply => "Apply", "Adhérer";
    NavMyCoop => "My co-op", "Ma coopérative";
    NavCircles => "Circles", "Cercles";
    NavAdvice => "Applications", "Candidatures";

    // Shared choices
    ChooseOne => "Choose…", "Choisir…";
    Change => "Change", "Modifier";
    Saved => "Saved.", "Enregistré.";
    Accept => "Accept", "Accepter";
    Decline => "Decline", "Refuser";
    LegalWorker => "Worker co-operative", "Coopérative de travailleurs";
    LegalConsumer => "Consumer co-operative", "Coopérative de consommateurs";
    LegalHousing => "Housing co-operative", "Coopérative d'habitation";
    LegalMultiStakeholder => "Multi-stakeholder co-operative", "Coopérative multipartite";
    LegalCommunityBenefit => "Community benefit society", "Société d'intérêt collectif";
    LegalCreditUnion => "Credit union", "Coopérative d'épargne et de crédit";
    LegalMutualInsurer => "Mutual insurer", "Mutuelle d'assurance";
    LegalOther => "Other", "Autre";
    SectorAgriculture => "Agriculture", "Agriculture";
    SectorCare => "Health and social care", "Santé et action sociale";
    SectorCreative => "Creative industries", "Industries créatives";
    SectorEducation => "Education and training", "Éducation et formation";
    SectorEnergy => "Energy", "Énergie";
    SectorFinance => "Finance", "Finance";
    SectorFishing => "Fishing", "Pêche";
    SectorFood => "Food and drink", "Alimentation et boissons";
    SectorHousing => "Housing", "Logement";
    SectorManufacturing => "Manufacturing", "Industrie";
    SectorRetail => "Retail", "Commerce de détail";
    SectorTechnology => "Digital and technology", "Numérique et technologie";
    SectorTourism => "Tourism and leisure", "Tourisme et loisirs";
    SectorTransport => "Transport", "Transport";
    SectorOther => "Other", "Autre";
    NationEngland => "England", "Angleterre";
    NationScotland => "Scotland", "Écosse";
    NationWales => "Wales", "Pays de Galles";
    NationNorthernIreland => "Northern Ireland", "Irlande du Nord";
    DeliveryOnline => "Online", "En ligne";
    DeliveryPhone => "By phone", "Par téléphone";
    DeliveryFaceToFace => "Face to face", "En présentiel";
    ContactByEmail => "Email", "Courriel";
    ContactByPhone => "Phone", "Téléphone";
    ContactOnline => "Video call", "Visioconférence";
    ChannelOnline => "online", "en ligne";
    ChannelPhone => "phone call", "appel téléphonique";
    ChannelEmail => "email", "courriel";
    ReceivedOnline => "Sent online by the co-op", "Envoyée en ligne par la coopérative";
    ReceivedPhone => "Entered by an advisor after a phone call", "Saisie par un conseiller après un appel téléphonique";
    ReceivedEmail => "Entered by an advisor after an email", "Saisie par un conseiller après un courriel";
    ChannelMeeting => "meeting", "rencontre";
    UrgencyLow => "Not urgent", "Pas urgent";
    UrgencyMedium => "Within six months", "Dans les six mois";
    UrgencyHigh => "Urgent", "Urgent";
    UrgencyIs => "Urgency: {urgency}", "Urgence : {urgency}";
    ThemeCoOperative => "Co-operative questions", "Questions coopératives";
    ThemeSector => "Sector and trade", "Secteur et métier";
    ThemePeople => "People", "Les personnes";
    ThemeBusiness => "Running the business", "Gestion de l'entreprise";
    ThemeOpportunities => "Opportunities with other members", "Opportunités avec les autres membres";
    ThemeFinance => "Access to finance", "Accès au financement";
    ThemeAccreditation => "Accreditation", "Accréditation";
    CircleForming => "Forming", "En constitution";
    CircleOpen => "Open", "Ouvert";
    CircleFull => "Full", "Complet";
    CircleClosed => "Closed", "Fermé";
    StatusDraft => "Draft", "Brouillon";
    StatusSubmitted => "Submitted", "Envoyée";
    StatusInReview => "Being reviewed", "En cours d'examen";
    StatusMoreInfo => "More information needed", "Informations complémentaires demandées";
    StatusApproved => "Approved", "Acceptée";
    StatusDeclined => "Declined", "Refusée";
    StatusLabel => "Status:", "Statut :";
    StatusDraftHelp => "Not sent yet. Carry on when you are ready.", "Pas encore envoyée. Reprenez quand vous voulez.";
    StatusSubmittedHelp => "We have your application. An advisor will contact you within 10 working days.", "Nous avons reçu votre candidature. Un conseiller vous contactera sous 10 jours ouvrés.";
    StatusInReviewHelp => "An advisor is looking at your application and may call or email you.", "Un conseiller examine votre candidature et peut vous appeler ou vous écrire.";
    StatusMoreInfoHelp => "Your advisor needs more information: see their message, change your answers and send again.", "Votre conseiller a besoin de précisions : lisez son message, modifiez vos réponses et renvoyez.";
    StatusApprovedHelp => "Welcome! Your co-operative is a member. Its profile is ready.", "Bienvenue ! Votre coopérative est membre. Son profil est prêt.";
    StatusDeclinedHelp => "Your application was not accepted. The reason is below.", "Votre candidature n'a pas été acceptée. La raison figure ci-dessous.";

    // Application form
    ApplyListTitle => "Apply for membership", "Demande d'adhésion";
    ApplyListIntro => "Tell us about your co-operative and what it needs. It takes about 15 minutes; your answers are saved as you go, so you can stop and come back on any device.", "Présentez votre coopérative et ses besoins. Comptez environ 15 minutes ; vos réponses sont enregistrées au fur et à mesure : vous pouvez vous arrêter et reprendre sur n'importe quel appareil.";
    StartApplication => "Start an application", "Commencer une demande";
    ContinueApplication => "Continue your application", "Reprendre votre demande";
    UnnamedCoop => "Unnamed co-operative", "Coopérative sans nom";
    ApplyTitle => "Membership application", "Demande d'adhésion";
    ApplyIntro => "Answer what you can. Everything is saved as you type.", "Répondez à ce que vous pouvez. Tout est enregistré pendant la saisie.";
    ApplicationTitle => "Your application", "Votre demande";
    MoreInfoAsked => "Your advisor asked for more information:", "Votre conseiller demande des précisions :";
    SectionOrganisation => "Your co-operative", "Votre coopérative";
    SectionContact => "Who we should talk to", "Votre interlocuteur";
    SectionNeeds => "What you need", "Vos besoins";
    ThemeStep => "Theme {n} of {total}", "Thème {n} sur {total}";
    ThemeTicked => "{count} ticked", "{count} coché(s)";
    NeedsIntro => "For each theme that matters to you, tick the issues that apply, say how urgent they are, and add your own words.", "Pour chaque thème qui vous concerne, cochez les sujets, indiquez l'urgence et ajoutez vos propres mots.";
    NeedsNoneYet => "No needs given yet.", "Aucun besoin indiqué pour l'instant.";
    FieldOrgName => "Name of the co-operative", "Nom de la coopérative";
    FieldLegalForm => "Legal form", "Forme juridique";
    FieldRegistrationNumber => "Registration number (optional)", "Numéro d'immatriculation (facultatif)";
    FieldRegistrationNumberHint => "From the Mutuals Public Register or Companies House", "Du registre des mutuelles (Mutuals Public Register) ou de Companies House";
    FieldSector => "Sector", "Secteur";
    FieldNation => "Nation", "Nation";
    FieldRegion => "Region", "Région";
    FieldMembersCount => "Number of members", "Nombre de membres";
    FieldStaffCount => "Number of staff", "Nombre de salariés";
    FieldWebsite => "Website (optional)", "Site web (facultatif)";
    FieldWebsiteHint => "Starting with https://", "Commençant par https://";
    FieldContactName => "Contact's name", "Nom de l'interlocuteur";
    FieldContactRole => "Contact's role (optional)", "Fonction de l'interlocuteur (facultatif)";
    FieldContactRoleHint => "For example secretary, member of the board", "Par exemple secrétaire, membre du conseil";
    FieldContactEmail => "Contact's email", "Courriel de l'interlocuteur";
    FieldContactPhone => "Contact's phone (optional)", "Téléphone de l'interlocuteur (facultatif)";
    FieldContactPreference => "How should we contact you?", "Comment préférez-vous être contacté ?";
    FieldDelivery => "How do you prefer to meet?", "Comment préférez-vous vous réunir ?";
    FieldDeliveryHint => "For circles and advice", "Pour les cercles et les conseils";
    FieldUrgency => "How urgent is this?", "Quelle urgence ?";
    FieldOwnWords => "In your own words (optional)", "Avec vos mots (facultatif)";
    FieldOwnWordsHint => "What is happening and what you would like to change", "Ce qui se passe et ce que vous aimeriez changer";
    DraftChanged => "Changes not saved yet…", "Modifications pas encore enregistrées…";
    DraftSaving => "Saving your answers…", "Enregistrement de vos réponses…";
    DraftSaved => "All your answers are saved.", "Toutes vos réponses sont enregistrées.";
    DraftNotSaved => "Not saved yet: we will try again. Your answers stay on this page.", "Pas encore enregistré : nous réessaierons. Vos réponses restent sur cette page.";
    DraftRefused => "Not saved: an answer is not accepted as it is. Press “Save draft” to see which.", "Non enregistré : une réponse n'est pas acceptée telle quelle. Appuyez sur « Enregistrer le brouillon » pour voir laquelle.";
    DraftSavedNotice => "Your draft is saved. You can come back to it at any time.", "Votre brouillon est enregistré. Vous pouvez y revenir à tout moment.";
    ContinueToCheck => "Continue", "Continuer";
    SaveDraft => "Save draft", "Enregistrer le brouillon";
    CheckTitle => "Check your answers", "Vérifiez vos réponses";
    CheckIntro => "Check everything before you send it. You can change any answer.", "Vérifiez tout avant d'envoyer. Vous pouvez modifier chaque réponse.";
    BackToForm => "Go back to the form", "Revenir au formulaire";
    SubmitHeading => "Send your application", "Envoyer votre demande";
    SubmitDeclaration => "By sending, you confirm the answers are right to the best of your knowledge and that you may apply for your co-operative.", "En envoyant, vous confirmez que les réponses sont exactes à votre connaissance et que vous pouvez faire cette demande pour votre coopérative.";
    SubmitApplication => "Send application", "Envoyer la demande";
    SubmittedTitle => "Application sent", "Demande envoyée";
    SubmittedText => "Thank you. We have emailed you a copy. An advisor will contact you within 10 working days.", "Merci. Nous vous avons envoyé une copie par courriel. Un conseiller vous contactera sous 10 jours ouvrés.";
    HistoryTitle => "History", "Historique";
    SeeProfile => "See your co-op's profile", "Voir le profil de votre coopérative";

    // Application errors
    ErrOrgNameMissing => "Enter the name of the co-operative", "Saisissez le nom de la coopérative";
    ErrChooseOne => "Choose one of the options", "Choisissez l'une des options";
    ErrRegionNotInNation => "Choose a region in the nation you chose", "Choisissez une région de la nation choisie";
    ErrCountMissing => "Enter a number (0 if none)", "Saisissez un nombre (0 s'il n'y en a pas)";
    ErrCountInvalid => "Enter a whole number, like 12", "Saisissez un nombre entier, par exemple 12";
    ErrWebsiteInvalid => "Enter a web address starting with https://", "Saisissez une adresse web commençant par https://";
    ErrPhoneNeeded => "Enter a phone number, as you prefer to be phoned", "Saisissez un numéro de téléphone, puisque vous préférez être appelé";
    ErrPhoneInvalid => "Enter a phone number using digits, spaces, + ( ) or -", "Saisissez un numéro avec des chiffres, espaces, + ( ) ou -";
    ErrNeedsMissing => "Tell us about at least one need: tick an issue or write in your own words", "Indiquez au moins un besoin : cochez un sujet ou écrivez avec vos mots";
    ErrUrgencyMissing => "Say how urgent this is", "Indiquez l'urgence";
    ErrUnknownTheme => "This form has a theme we do not know: reload the page", "Ce formulaire contient un thème inconnu : rechargez la page";
    ErrUnknownQuestion => "This form has a question we do not know: reload the page", "Ce formulaire contient une question inconnue : rechargez la page";
    ErrQuestionnaireChanged => "The questions have changed since this page was opened: reload the page (your saved answers are kept)", "Les questions ont changé depuis l'ouverture de la page : rechargez-la (vos réponses enregistrées sont conservées)";
    ErrAlreadySubmitted => "This application has already been sent, so it cannot be changed here", "Cette demande a déjà été envoyée : elle ne peut plus être modifiée ici";
    ErrTextTooLong => "Use 200 characters or fewer", "Utilisez 200 caractères au maximum";
    ErrWordsTooLong => "This text is too long: shorten it", "Ce texte est trop long : raccourcissez-le";
    ErrQuestionnaireTheme => "Each of the seven themes must appear exactly once", "Chacun des sept thèmes doit figurer une seule fois";
    ErrQuestionnaireIssues => "Each theme needs between 1 and 20 issues", "Chaque thème doit avoir entre 1 et 20 sujets";
    ErrQuestionnaireKey => "Issue keys must be short lower-case words, each used once", "Les clés des sujets doivent être des mots courts en minuscules, uniques";
    ErrQuestionnaireText => "Write every issue in English and in French (200 characters at most)", "Rédigez chaque sujet en anglais et en français (200 caractères au maximum)";

    // Advisor review
    QueueTitle => "Applications to review", "Candidatures à examiner";
    QueueEmpty => "No application matches these filters.", "Aucune candidature ne correspond à ces filtres.";
    QueueCount => "{count} applications, oldest first", "{count} candidatures, les plus anciennes d'abord";
    FilterAny => "Any", "Tous";
    FilterStatus => "Status", "Statut";
    FilterTheme => "Theme", "Thème";
    FilterRegion => "Region", "Région";
    FilterSector => "Sector", "Secteur";
    FilterDelivery => "Meets", "Se réunit";
    FilterApply => "Filter", "Filtrer";
    Unclaimed => "Nobody has taken it yet", "Personne ne l'a encore prise";
    ClaimedBy => "Taken by {name}", "Prise par {name}";
    BackToQueue => "Back to the applications", "Retour aux candidatures";
    Applicant => "Applicant", "Demandeur";
    Advisor => "Advisor", "Conseiller";
    ClaimButton => "Take this application", "Prendre cette candidature";
    RecommendationsTitle => "Recommended circles", "Cercles recommandés";
    RecommendationsNone => "No existing circle fits. You can propose a new one.", "Aucun cercle existant ne convient. Vous pouvez en proposer un nouveau.";
    ReasonTheme => "works on {theme}", "travaille sur : {theme}";
    ReasonIssue => "works on {issue}", "travaille sur : {issue}";
    ReasonSameSector => "same sector", "même secteur";
    ReasonSameRegion => "meets in {region}", "se réunit en {region}";
    ReasonSameNation => "in the same nation", "dans la même nation";
    ReasonDelivery => "meets {mode}", "se réunit : {mode}";
    ReasonForming => "forming now, looking for members", "en constitution, cherche des membres";
    ProposeCircleTitle => "Propose a new circle", "Proposer un nouveau cercle";
    ProposeCircleIntro => "It is created as forming, around this co-op's most urgent need; the co-op joins it when approved.", "Il est créé en constitution, autour du besoin le plus urgent de cette coopérative ; elle le rejoint une fois acceptée.";
    FieldCircleName => "Name of the circle", "Nom du cercle";
    FieldCirclePurpose => "Purpose", "Objet";
    ProposeCircleButton => "Create the circle", "Créer le cercle";
    ErrCircleNameMissing => "Enter a name for the circle", "Saisissez un nom pour le cercle";
    NeedsSummaryTitle => "Summary of needs", "Synthèse des besoins";
    NeedsSummaryLabel => "Your summary of this co-op's needs", "Votre synthèse des besoins de cette coopérative";
    NeedsSummaryHint => "It becomes part of the co-op's profile when approved", "Elle fera partie du profil de la coopérative une fois acceptée";
    SaveSummary => "Save summary", "Enregistrer la synthèse";
    ContactsTitle => "Contacts with the co-op", "Échanges avec la coopérative";
    ContactsNone => "No contact recorded yet.", "Aucun échange enregistré.";
    FieldContactChannel => "How", "Comment";
    FieldContactDate => "When", "Quand";
    FieldContactSummary => "What was said", "Ce qui a été dit";
    AddContactButton => "Record contact", "Enregistrer l'échange";
    ErrDateInvalid => "Enter a date, like 2026-11-27", "Saisissez une date, par exemple 2026-11-27";
    ErrDateFuture => "The date cannot be in the future", "La date ne peut pas être dans le futur";
    ErrSummaryMissing => "Write what was said", "Indiquez ce qui a été dit";
    DecisionTitle => "Decision", "Décision";
    DecisionLegend => "What do you decide?", "Que décidez-vous ?";
    DecisionApprove => "Approve: the co-op becomes a member", "Accepter : la coopérative devient membre";
    DecisionMoreInfo => "Ask for more information", "Demander des précisions";
    DecisionDecline => "Decline", "Refuser";
    FieldDecisionMessage => "Message to the applicant", "Message au demandeur";
    FieldDecisionMessageHint => "Needed when you ask for more information or decline", "Nécessaire pour demander des précisions ou refuser";
    DecideButton => "Record decision", "Enregistrer la décision";
    DecisionRecorded => "Decision recorded and the applicant told.", "Décision enregistrée et demandeur informé.";
    ErrMessageMissing => "Write a message to the applicant", "Écrivez un message au demandeur";
    ErrNotWaiting => "This application is not waiting for a decision any more", "Cette candidature n'attend plus de décision";

    // Circles
    CirclesTitle => "Learning circles", "Cercles d'apprentissage";
    CirclesIntro => "Co-ops learning from each other, by theme, sector and region.", "Des coopératives qui apprennent les unes des autres, par thème, secteur et région.";
    CirclesNone => "No circle matches these filters.", "Aucun cercle ne correspond à ces filtres.";
    AllSectors => "all sectors", "tous secteurs";
    AllRegions => "anywhere", "partout";
    PlacesLeft => "{count} places left", "{count} places restantes";
    BackToCircles => "All circles", "Tous les cercles";
    CircleProposed => "The circle is created as forming.", "Le cercle est créé, en constitution.";
    Facilitators => "Facilitators", "Animateurs";
    NoFacilitatorYet => "No facilitator yet.", "Pas encore d'animateur.";
    MemberCoops => "Member co-ops", "Coopératives membres";
    NoMembersYet => "No member co-op yet.", "Pas encore de coopérative membre.";
    CirclePeopleHidden => "Member co-ops: {count}. Who they are, the facilitators and the meetings are shown to the circle's members, its facilitators and staff.", "Coopératives membres : {count}. Leur nom, les animateurs et les réunions sont visibles des membres du cercle, de ses animateurs et de l'équipe.";
    JoinTitle => "Ask to join", "Demander à rejoindre";
    FieldJoinMessage => "Message to the facilitator (optional)", "Message à l'animateur (facultatif)";
    JoinButton => "Ask to join for {organisation}", "Demander pour {organisation}";
    JoinRequested => "Request sent. The facilitator will reply by email.", "Demande envoyée. L'animateur répondra par courriel.";
    JoinRequestsTitle => "Requests to join", "Demandes d'adhésion au cercle";
    JoinRequestsNone => "No request waiting.", "Aucune demande en attente.";
    FieldJoinReply => "Reply (optional)", "Réponse (facultative)";
    ErrAlreadyInCircle => "Your co-op is already in this circle", "Votre coopérative fait déjà partie de ce cercle";
    ErrCircleNotOpen => "This circle is not taking new members", "Ce cercle n'accepte pas de nouveaux membres";
    ErrAlreadyRequested => "Your co-op has already asked to join; the facilitator will reply", "Votre coopérative a déjà fait une demande ; l'animateur répondra";
    ErrCircleFull => "The circle is full", "Le cercle est complet";
    ErrAlreadyDecided => "This request has already been answered", "Cette demande a déjà reçu une réponse";
    RequestPending => "waiting", "en attente";
    RequestAccepted => "accepted", "acceptée";
    RequestDeclined => "declined", "refusée";

    // Profiles
    MyCoopsTitle => "My co-ops", "Mes coopératives";
    MyCoopsNone => "You do not belong to a member co-op yet.", "Vous n'appartenez encore à aucune coopérative membre.";
    Representative => "Representative", "Représentant";
    ProfileCircles => "Circles", "Cercles";
    ProfileNoCircles => "Not in a circle yet.", "Dans aucun cercle pour l'instant.";
    BrowseCircles => "Browse circles", "Parcourir les cercles";
    ProfileRequests => "Requests to join", "Demandes pour rejoindre";
    ProfileMeetings => "Upcoming meetings", "Prochaines réunions";
    ProfileNoMeetings => "No meeting planned.", "Aucune réunion prévue.";
    CirclePastMeetings => "Past meetings", "Réunions passées";
    ProfilePeople => "People", "Personnes";
    RemovePerson => "Remove", "Retirer";
    ErrCannotRemove => "This person cannot be removed (the representative stays)", "Cette personne ne peut pas être retirée (le représentant reste)";
    EditProfile => "Edit the profile", "Modifier le profil";
    FieldAbout => "About the co-op", "À propos de la coopérative";
    FieldServices => "Services you offer other members", "Services proposés aux autres membres";
    FieldServicesHint => "For example bookkeeping, training rooms, bulk buying", "Par exemple comptabilité, salles de formation, achats groupés";
    FieldVisible => "Show this profile to other member co-ops", "Montrer ce profil aux autres coopératives membres";
    SaveProfile => "Save profile", "Enregistrer le profil";

    // Emails
    MailSubmittedSubject => "We have your application for {organisation}", "Nous avons reçu la demande de {organisation}";
    MailSubmittedBody => "Thank you for applying to Co-operatives 2020 for {organisation}.\n\nAn advisor will contact you within 10 working days. You can follow your application here:\n{link}", "Merci pour la demande d'adhésion de {organisation} à Co-operatives 2020.\n\nUn conseiller vous contactera sous 10 jours ouvrés. Suivez votre demande ici :\n{link}";
    MailResubmittedSubject => "{organisation} sent more information", "{organisation} a envoyé des précisions";
    MailResubmittedBody => "{organisation} changed its application and sent it again:\n{link}", "{organisation} a modifié sa demande et l'a renvoyée :\n{link}";
    MailApprovedSubject => "Welcome: {organisation} is a member", "Bienvenue : {organisation} est membre";
    MailApprovedBody => "Your application for {organisation} is approved.\n\n{message}\n\nYour co-op's profile and recommended circles:\n{link}", "La demande de {organisation} est acceptée.\n\n{message}\n\nLe profil de votre coopérative et les cercles recommandés :\n{link}";
    MailMoreInfoSubject => "More information needed for {organisation}", "Précisions demandées pour {organisation}";
    MailMoreInfoBody => "Your advisor needs more information about {organisation}:\n\n{message}\n\nChange your answers and send again:\n{link}", "Votre conseiller a besoin de précisions sur {organisation} :\n\n{message}\n\nModifiez vos réponses et renvoyez :\n{link}";
    MailDeclinedSubject => "Your application for {organisation}", "Votre demande pour {organisation}";
    MailDeclinedBody => "We are sorry: the application for {organisation} was not accepted.\n\n{message}\n\n{link}", "Nous sommes désolés : la demande de {organisation} n'a pas été acceptée.\n\n{message}\n\n{link}";
    MailJoinRequestSubject => "{organisation} asks to join {circle}", "{organisation} demande à rejoindre {circle}";
    MailJoinRequestBody => "{organisation} asks to join the circle {circle}.\n\n{message}\n\nAccept or decline:\n{link}", "{organisation} demande à rejoindre le cercle {circle}.\n\n{message}\n\nAccepter ou refuser :\n{link}";
    MailJoinAcceptedSubject => "{organisation} has joined {circle}", "{organisation} a rejoint {circle}";
    MailJoinAcceptedBody => "Good news: {organisation} is now a member of the circle {circle}.\n\n{message}\n\n{link}", "Bonne nouvelle : {organisation} fait maintenant partie du cercle {circle}.\n\n{message}\n\n{link}";
    MailJoinDeclinedSubject => "Your request to join {circle}", "Votre demande pour rejoindre {circle}";
    MailJoinDeclinedBody => "The request of {organisation} to join {circle} was declined.\n\n{message}\n\n{link}", "La demande de {organisation} pour rejoindre {circle} a été refusée.\n\n{message}\n\n{link}";

    // On behalf of a co-op, claim links and invitations
    OnBehalfTitle => "Start an application for a co-op", "Commencer une demande pour une coopérative";
    OnBehalfIntro => "After a phone call or an email: fill the application for them. Their contact is emailed a link to claim it.", "Après un appel ou un courriel : remplissez la demande pour elle. Son interlocuteur reçoit par courriel un lien pour la reprendre.";
    FieldBehalfChannel => "They contacted us by", "Ils nous ont contactés par";
    OnBehalfButton => "Start and send the claim link", "Commencer et envoyer le lien";
    OnBehalfList => "Started for co-ops, not claimed yet", "Commencées pour des coopératives, pas encore reprises";
    NotClaimedYet => "not claimed yet", "pas encore reprise";
    ClaimTitle => "The application for {organisation}", "La demande de {organisation}";
    ClaimText => "{name}, an advisor, started this application for {organisation}. Take it over to check it, complete it and follow it.", "{name}, conseiller, a commencé cette demande pour {organisation}. Reprenez-la pour la vérifier, la compléter et la suivre.";
    ClaimLinkButton => "Take over the application", "Reprendre la demande";
    LinkExpiredTitle => "This link cannot be used", "Ce lien ne peut pas être utilisé";
    InviteTitle => "Invite a colleague", "Inviter un collègue";
    FieldInviteEmail => "Their email address", "Son adresse électronique";
    FieldInviteEmailHint => "We email them a link that works for 7 days", "Nous lui envoyons un lien valable 7 jours";
    InviteButton => "Send invitation", "Envoyer l'invitation";
    InviteSent => "Invitation sent.", "Invitation envoyée.";
    InviteExpires => "link valid until {when}", "lien valable jusqu'au {when}";
    InviteLinkTitle => "Join {organisation}", "Rejoindre {organisation}";
    InviteLinkText => "{name} invites you to join {organisation} on Co-op Circles.", "{name} vous invite à rejoindre {organisation} sur Cercles coopératifs.";
    InviteAcceptButton => "Join the co-op", "Rejoindre la coopérative";
    ErrAlreadyInCoop => "This person is already part of the co-op", "Cette personne fait déjà partie de la coopérative";
    MailClaimSubject => "Your application for {organisation}", "Votre demande pour {organisation}";
    MailClaimBody => "{advisor} started an application to Co-operatives 2020 for {organisation} after talking with you.\n\nTake it over, check it and send it (the link works for 14 days; sign in or create an account first):\n{link}", "{advisor} a commencé une demande d'adhésion à Co-operatives 2020 pour {organisation} après votre échange.\n\nReprenez-la, vérifiez-la et envoyez-la (le lien est valable 14 jours ; connectez-vous ou créez un compte d'abord) :\n{link}";
    MailInviteSubject => "{name} invites you to join {organisation}", "{name} vous invite à rejoindre {organisation}";
    MailInviteBody => "{name} invites you to join {organisation} on Co-op Circles.\n\nAccept within 7 days (sign in or create an account first):\n{link}", "{name} vous invite à rejoindre {organisation} sur Cercles coopératifs.\n\nAcceptez sous 7 jours (connectez-vous ou créez un compte d'abord) :\n{link}";

    // Circle management
    NewCircleTitle => "Create a circle", "Créer un cercle";
    EditCircleTitle => "Edit the circle", "Modifier le cercle";
    SaveCircle => "Save the circle", "Enregistrer le cercle";
    AllSectorsChoice => "All sectors", "Tous les secteurs";
    AnywhereChoice => "Anywhere", "Partout";
    AllOfNation => "All of {nation}", "Tout le pays : {nation}";
    FieldMeets => "How it meets", "Comment il se réunit";
    FieldCapacity => "How many co-ops it can take", "Combien de coopératives il peut accueillir";
    FieldCapacityHint => "Between 2 and 50", "Entre 2 et 50";
    FieldCircleIssues => "Issues it works on", "Sujets traités";
    ErrCapacityInvalid => "Enter a whole number between 2 and 50", "Saisissez un nombre entier entre 2 et 50";
    ErrCapacityBelowMembers => "It already has more member co-ops than that", "Il a déjà plus de coopératives membres que cela";
    AssignFacilitator => "Add a facilitator", "Ajouter un animateur";
    AssignButton => "Add", "Ajouter";
    ErrNotAFacilitator => "Only people holding the facilitator role can facilitate", "Seules les personnes ayant le rôle d'animateur peuvent animer";
    SpecialistsTitle => "Specialists", "Spécialistes";
    SpecialistsNone => "No specialist invited yet.", "Aucun spécialiste invité pour l'instant.";
    InviteSpecialist => "Invite a specialist", "Inviter un spécialiste";
    FieldSpecialistKind => "They join as", "Ils participent en tant que";
    SpecialistAdviser => "Adviser", "Conseiller";
    SpecialistInvestor => "Investor", "Investisseur";
    SpecialistEntrepreneur => "Entrepreneur", "Entrepreneur";
    SpecialistTrainer => "Trainer", "Formateur";
    MailSpecialistSubject => "{name} invites you into the circle {circle}", "{name} vous invite dans le cercle {circle}";
    MailSpecialistBody => "{name} invites you to share your experience with the learning circle {circle} of Co-operatives 2020.\n\n{purpose}\n\nSee the circle (sign in or create an account with this address):\n{link}", "{name} vous invite à partager votre expérience avec le cercle d'apprentissage {circle} de Co-operatives 2020.\n\n{purpose}\n\nVoir le cercle (connectez-vous ou créez un compte avec cette adresse) :\n{link}";

    // Questionnaire editor
    NavQuestionnaire => "Questionnaire", "Questionnaire";
    QuestionnaireTitle => "Needs-analysis questionnaire", "Questionnaire d'analyse des besoins";
    QuestionnaireIntro => "Version {version} is in use. Publishing makes a new version for applications started from now on; applications already started keep theirs.", "La version {version} est en service. Publier crée une nouvelle version pour les demandes commencées à partir de maintenant ; les demandes déjà commencées gardent la leur.";
    QuestionnaireIssues => "Issues", "Sujets";
    QuestionnaireIssuesHint => "One per line: key | English | French (the key is a short lower-case word; keep it when you only change the words)", "Un par ligne : clé | anglais | français (la clé est un mot court en minuscules ; gardez-la si vous ne changez que le texte)";
    QuestionnairePublish => "Publish a new version", "Publier une nouvelle version";
    QuestionnairePublished => "New version published.", "Nouvelle version publiée.";
    ErrQuestionnaireLine => "Each line needs three parts: key | English | French", "Chaque ligne doit avoir trois parties : clé | anglais | français";

    // Meetings
    ScheduleMeeting => "Schedule a meeting", "Planifier une réunion";
    EditMeeting => "Change the meeting", "Modifier la réunion";
    SaveMeeting => "Save the meeting", "Enregistrer la réunion";
    MeetingSaved => "Meeting saved. Members will be reminded 24 hours before.", "Réunion enregistrée. Les membres recevront un rappel 24 heures avant.";
    MeetingTimesHint => "Times are UK time (Europe/London).", "Les heures sont à l'heure du Royaume-Uni (Europe/Londres).";
    FieldMeetingTitle => "Title", "Titre";
    FieldMeetingDate => "Date", "Date";
    FieldMeetingDateHint => "For example 2026-12-03", "Par exemple 2026-12-03";
    FieldMeetingTime => "Start time", "Heure de début";
    FieldMeetingTimeHint => "24-hour clock, for example 18:30", "Sur 24 heures, par exemple 18:30";
    FieldDuration => "Length in minutes", "Durée en minutes";
    FieldWhere => "Where", "Où";
    FieldWhereHint => "The address, the dial-in number and PIN, or the https:// link, by how it meets", "L'adresse, le numéro et le code d'accès, ou le lien https://, selon le mode de réunion";
    FieldAgendaHint => "One item per line: title | minutes", "Un point par ligne : titre | minutes";
    FieldAddress => "Address", "Adresse";
    FieldDialIn => "Dial-in", "Accès téléphonique";
    FieldLink => "Link", "Lien";
    MeetingWhen => "When", "Quand";
    AgendaTitle => "Agenda", "Ordre du jour";
    AgendaNone => "No agenda yet.", "Pas encore d'ordre du jour.";
    Minutes => "{minutes} min", "{minutes} min";
    AddToCalendar => "Add to my calendar (.ics)", "Ajouter à mon agenda (.ics)";
    RsvpTitle => "Will you come?", "Serez-vous là ?";
    RsvpLegend => "Your answer", "Votre réponse";
    RsvpYes => "Yes", "Oui";
    RsvpMaybe => "Maybe", "Peut-être";
    RsvpNo => "No", "Non";
    RsvpButton => "Send my answer", "Envoyer ma réponse";
    RsvpCounts => "Answers", "Réponses";
    RsvpCountsText => "{yes} yes, {maybe} maybe, {no} no", "{yes} oui, {maybe} peut-être, {no} non";
    MeetingManage => "For facilitators", "Pour les animateurs";
    CustomReminderTitle => "Send a reminder now", "Envoyer un rappel maintenant";
    FieldReminderMessage => "Your message", "Votre message";
    SendReminder => "Send reminder", "Envoyer le rappel";
    ReminderQueued => "Reminder on its way.", "Rappel en cours d'envoi.";
    CancelMeeting => "Cancel the meeting", "Annuler la réunion";
    CancelMeetingButton => "Cancel this meeting", "Annuler cette réunion";
    CancelMeetingConfirm => "Everyone in the circle is told, and calendars show it as cancelled. This cannot be undone.", "Tout le cercle est prévenu et les agendas l'indiquent comme annulée. Ce n'est pas réversible.";
    CancelMeetingYes => "Yes, cancel the meeting", "Oui, annuler la réunion";
    MeetingCancelledTag => "cancelled", "annulée";
    MeetingCancelledNotice => "This meeting is cancelled.", "Cette réunion est annulée.";
    ErrMeetingTitleMissing => "Enter a title for the meeting", "Saisissez un titre pour la réunion";
    ErrTimeInvalid => "Enter a time like 18:30", "Saisissez une heure comme 18:30";
    ErrTimeSkipped => "That time does not exist on that day (the clocks go forward): choose another", "Cette heure n'existe pas ce jour-là (changement d'heure) : choisissez-en une autre";
    ErrDurationInvalid => "Enter a length between 5 and 480 minutes", "Saisissez une durée entre 5 et 480 minutes";
    ErrAddressMissing => "Enter the address", "Saisissez l'adresse";
    ErrDialInMissing => "Enter the dial-in number and PIN", "Saisissez le numéro et le code d'accès";
    ErrLinkMissing => "Enter the meeting link, starting with https://", "Saisissez le lien de la réunion, commençant par https://";
    ErrAgendaLine => "Write each agenda item as: title | minutes (1 to 240)", "Écrivez chaque point ainsi : titre | minutes (1 à 240)";
    ErrAgendaTooLong => "Keep the agenda to 30 items", "Limitez l'ordre du jour à 30 points";
    ErrMeetingInPast => "Choose a date in the future", "Choisissez une date à venir";
    ErrMeetingAlreadyCancelled => "This meeting is cancelled", "Cette réunion est annulée";
    CalendarFeedTitle => "My calendar feed", "Mon flux d'agenda";
    CalendarFeedIntro => "A private address your calendar app can subscribe to: every meeting of your circles, kept up to date.", "Une adresse privée à laquelle votre agenda peut s'abonner : toutes les réunions de vos cercles, tenues à jour.";
    CalendarFeedShownOnce => "Your feed address (shown only now: copy it into your calendar app):", "L'adresse de votre flux (affichée une seule fois : copiez-la dans votre agenda) :";
    CalendarFeedCreate => "Create my feed address", "Créer l'adresse de mon flux";
    CalendarFeedReset => "Make a new address (the old one stops working)", "Créer une nouvelle adresse (l'ancienne ne marchera plus)";
    CalendarFeedRevoke => "Turn the feed off", "Désactiver le flux";
    MyMessagesTitle => "Messages sent to me", "Messages qui m'ont été envoyés";
    MyMessagesNone => "No message yet.", "Aucun message pour l'instant.";
    MailReminderSubject => "Reminder: {meeting} ({when})", "Rappel : {meeting} ({when})";
    MailReminderBody => "The circle {circle} meets on {when}.\n\n{meeting}\nWhere: {where}\n\nAgenda, RSVP and calendar file:\n{link}", "Le cercle {circle} se réunit le {when}.\n\n{meeting}\nOù : {where}\n\nOrdre du jour, réponse et fichier d'agenda :\n{link}";
    MailCustomReminderSubject => "{meeting}: a message from your facilitator", "{meeting} : un message de votre animateur";
    MailCustomReminderBody => "{message}\n\n{meeting}, {when}\nWhere: {where}\n{link}", "{message}\n\n{meeting}, {when}\nOù : {where}\n{link}";
    MailMeetingCancelledSubject => "Cancelled: {meeting} ({when})", "Annulée : {meeting} ({when})";
    MailMeetingCancelledBody => "The meeting {meeting} of the circle {circle} on {when} is cancelled.\n\n{link}", "La réunion {meeting} du cercle {circle} du {when} est annulée.\n\n{link}";

    // Live sessions
    ErrLiveOutOfOrder => "The session moved on: the page is catching up", "La séance a avancé : la page se met à jour";
    ErrLiveInvalid => "That does not fit the session as it is now", "Cela ne correspond pas à l'état actuel de la séance";
    ErrLiveFacilitatorOnly => "Only the facilitator can do that", "Seul l'animateur peut faire cela";
    ErrLiveUnchanged => "Nothing to change: it is already so", "Rien à changer : c'est déjà le cas";

    ErrLiveCodeUnknown => "No session has that code: check it with the facilitator", "Aucune séance n'a ce code : vérifiez-le auprès de l'animateur";

    LiveJoinTitle => "Join a live session", "Rejoindre une séance en direct";
    LiveJoinIntro => "Type the code the facilitator shows to the room.", "Saisissez le code que l'animateur montre à la salle.";
    FieldLiveCode => "Session code", "Code de la séance";
    LiveJoinButton => "Join", "Rejoindre";
    LiveNow => "Now", "En ce moment";
    LiveNotStarted => "Waiting for the facilitator to start the first item", "En attente : l'animateur va lancer le premier point";
    LivePaused => "paused", "en pause";
    LiveUpToDate => "Up to date", "À jour";
    LiveConnecting => "Connecting…", "Connexion…";
    LiveReconnecting => "Reconnecting…", "Reconnexion…";
    LiveReloadToUpdate => "Reload the page to see the latest", "Rechargez la page pour voir la suite";
    LiveClosed => "This session is closed.", "Cette séance est terminée.";
    LiveReadSummary => "Read the summary on the meeting's page", "Lire le résumé sur la page de la réunion";
    LiveYou => "You", "Vous";
    LiveCheckIn => "Check in", "Signaler ma présence";
    LiveRaiseHand => "Raise my hand", "Lever la main";
    LiveLowerHand => "Lower my hand", "Baisser la main";
    LiveAnnounceItem => "Now: {title}", "Maintenant : {title}";
    LiveAnnounceOneMinute => "One minute left", "Plus qu'une minute";
    LiveAnnounceTimeUp => "Time is up", "Le temps est écoulé";
    LiveYourTurn => "Your turn to speak", "À vous de parler";
    LiveQueue => "Speaking queue", "File de parole";
    LiveQueueEmpty => "No hands up.", "Aucune main levée.";
    LiveSpoken => "(spoken {count})", "(a parlé {count})";
    LiveCall => "Give the floor", "Donner la parole";
    LiveCallNext => "Give the floor to {name}", "Donner la parole à {name}";
    LiveFairOrder => "Least heard first", "Les moins entendus d'abord";
    LivePolls => "Polls", "Sondages";
    LivePollsNone => "No poll yet.", "Pas encore de sondage.";
    LiveVoters => "{count} voted", "{count} ont voté";
    LiveAnonymous => "anonymous", "anonyme";
    LiveResultsHidden => "Results are hidden until the facilitator shows them.", "Les résultats sont cachés jusqu'à ce que l'animateur les montre.";
    LiveVote => "Vote", "Voter";
    LiveChangeVote => "Change my vote", "Changer mon vote";
    LiveReveal => "Show the results", "Montrer les résultats";
    LiveNotes => "Notes", "Notes";
    LiveSaveNote => "Save the note", "Enregistrer la note";
    LiveActions => "Actions", "Actions";
    LiveActionsNone => "No action yet.", "Pas encore d'action.";
    LiveConsole => "Facilitator's console", "Console de l'animateur";
    LiveCodeIs => "Code for the room:", "Code pour la salle :";
    LiveQrAlt => "QR code to join the session (code {code})", "Code QR pour rejoindre la séance (code {code})";
    LiveStartItem => "Start", "Commencer";
    LiveTimer => "Timer", "Minuteur";
    LivePause => "Pause", "Pause";
    LiveTimerMinutes => "Minutes", "Minutes";
    LiveStartTimer => "Start the timer", "Lancer le minuteur";
    LiveAttendance => "Attendance", "Présences";
    LiveMakeNoteTaker => "note-taker", "preneur de notes";
    LiveCheckInSomeone => "Check in someone without a phone", "Signaler une personne sans téléphone";
    LiveHow => "How they take part", "Comment elle participe";
    LiveInRoom => "in the room", "dans la salle";
    LiveByPhone => "by phone", "par téléphone";
    LiveOpenPoll => "New poll or consensus check", "Nouveau sondage ou vérification du consensus";
    LivePollQuestion => "Question", "Question";
    LivePollKind => "Kind", "Type";
    LivePollSingle => "One choice", "Un seul choix";
    LivePollMultiple => "Several choices", "Plusieurs choix";
    LivePollFist => "Fist to five (0–5)", "Poing à cinq (0–5)";
    LivePollThumbs => "Thumbs", "Pouces";
    LivePollOptions => "Options, one per line (not needed for fist to five or thumbs)", "Options, une par ligne (inutile pour poing à cinq ou pouces)";
    LiveOpenPollButton => "Open the poll", "Ouvrir le sondage";
    LiveCaptureAction => "Capture an action", "Noter une action";
    LiveActionWhat => "What", "Quoi";
    LiveActionCoop => "For which co-op", "Pour quelle coopérative";
    LiveActionWho => "Who", "Qui";
    LiveActionDue => "By when", "Pour quand";
    LiveCaptureButton => "Add the action", "Ajouter l'action";
    LiveCloseTitle => "End the session", "Terminer la séance";
    LiveCloseButton => "Close and keep the summary", "Terminer et garder le résumé";
    LiveCloseConfirm => "Closing ends the session for everyone and cannot be undone. The notes, decisions and actions are kept as the meeting's summary.", "Terminer met fin à la séance pour tout le monde, sans retour possible. Les notes, décisions et actions sont gardées comme résumé de la réunion.";
    LiveCloseYes => "Yes, close the session", "Oui, terminer la séance";
    LiveCheckInThem => "Check them in", "Signaler sa présence";
    LiveSummaryTitle => "Session summary", "Résumé de la séance";
    LiveStartButton => "Start the live session", "Lancer la séance en direct";
    LiveOpenButton => "Open the live session", "Ouvrir la séance en direct";
    // Activity programmes
    ProgrammeTitle => "Activity programme", "Programme d'activités";
    ProgrammeIntro => "What the co-op plans with its circle to answer the needs it named: goals, the activities under them, who does what and by when.", "Ce que la coopérative prévoit avec son cercle pour répondre aux besoins qu'elle a exprimés : des objectifs, leurs activités, qui fait quoi et pour quand.";
    ProgrammeEmpty => "No activities planned yet.", "Aucune activité prévue pour l'instant.";
    OpenProgramme => "Open the activity programme", "Ouvrir le programme d'activités";
    ProgressDone => "{done} of {total} activities done", "{done} activités terminées sur {total}";
    ProgressOverdue => "{count} overdue", "{count} en retard";
    ProposalsWaiting => "{count} proposed in circle sessions, waiting for a decision", "{count} proposées en séance, en attente d'une décision";
    ProposalsTitle => "Proposed in circle sessions ({count})", "Proposées en séance ({count})";
    ProposalsHint => "Actions captured for the co-op in live sessions. Accept each into a goal, or drop it saying why.", "Les actions notées pour la coopérative en séance. Acceptez chacune dans un objectif, ou écartez-la en disant pourquoi.";
    ProposedIn => "Proposed in", "Proposée lors de";
    ProposedOn => "Captured {when}", "Notée le {when}";
    DecideProposal => "Accept or drop", "Accepter ou écarter";
    SaidInSession => "Said in the session:", "Dit en séance :";
    AcceptProposal => "Accept into the programme", "Accepter dans le programme";
    AcceptNeedsGoal => "The programme has no goal yet: add one first.", "Le programme n'a pas encore d'objectif : ajoutez-en un d'abord.";
    DropProposal => "Drop this proposal", "Écarter cette proposition";
    FieldDropProposalReason => "Why is it dropped?", "Pourquoi l'écarter ?";
    FieldDropProposalReasonHint => "It stays on record with your reason.", "Elle reste consignée avec votre raison.";
    ProposalsDecided => "Proposals already decided", "Propositions déjà traitées";
    ProposalAccepted => "Accepted", "Acceptée";
    ProposalDropped => "Dropped:", "Écartée :";
    ProposalAcceptedNotice => "The proposal is now an activity of the programme.", "La proposition est maintenant une activité du programme.";
    ProposalDroppedNotice => "The proposal was dropped; its reason is kept.", "La proposition a été écartée ; sa raison est conservée.";
    GoalsTitle => "Goals", "Objectifs";
    GoalsNone => "No goals yet.", "Aucun objectif pour l'instant.";
    GoalAnswers => "Answers:", "Répond à :";
    GoalNoIssues => "The co-op's needs analysis names no issues.", "L'analyse des besoins de la coopérative ne nomme aucune difficulté.";
    AddGoal => "Add a goal", "Ajouter un objectif";
    ChangeGoal => "Change this goal", "Modifier cet objectif";
    SaveGoal => "Save the goal", "Enregistrer l'objectif";
    GoalSaved => "The goal is saved.", "L'objectif est enregistré.";
    FieldGoalTitle => "Goal", "Objectif";
    FieldGoalTitleHint => "For example: update our induction process", "Par exemple : revoir notre processus d'accueil";
    FieldGoalIssues => "Which needs does it answer?", "À quels besoins répond-il ?";
    FieldGoalIssuesHint => "From the co-op's needs analysis. Choose at least one.", "Tirés de l'analyse des besoins de la coopérative. Choisissez-en au moins un.";
    FieldOutcome => "Outcome", "Résultat attendu";
    FieldOutcomeHint => "What will be different when it is reached, in your words.", "Ce qui aura changé une fois l'objectif atteint, avec vos mots.";
    FieldMeasure => "Measure (optional)", "Mesure (facultatif)";
    FieldMeasureHint => "For example: new members inducted within 4 weeks: 10 → 80 %", "Par exemple : nouveaux membres accueillis en 4 semaines : 10 → 80 %";
    FieldGoalCircle => "Circle", "Cercle";
    NoCircleChoice => "No circle", "Aucun cercle";
    ActivitiesNone => "No activities under this goal yet.", "Aucune activité pour cet objectif.";
    ActivitiesShownOf => "{shown} of {count} activities shown, those still to do first.", "{shown} activités sur {count} affichées, celles à faire d'abord.";
    ActivitiesShowAll => "Show all {count} activities of this goal", "Voir les {count} activités de cet objectif";
    AddActivity => "Add an activity", "Ajouter une activité";
    UpdateActivity => "Update", "Mettre à jour";
    SaveActivity => "Save the activity", "Enregistrer l'activité";
    ActivitySaved => "The activity is saved.", "L'activité est enregistrée.";
    ActivityStarts => "from {date}", "à partir du {date}";
    ActivityDue => "due {date}", "pour le {date}";
    Overdue => "Overdue", "En retard";
    DroppedBecause => "Dropped because:", "Abandonnée car :";
    ActivityPlanned => "Planned", "Prévue";
    ActivityInProgress => "In progress", "En cours";
    ActivityDone => "Done", "Terminée";
    ActivityDropped => "Dropped", "Abandonnée";
    FieldActivityGoal => "Goal", "Objectif";
    FieldActivityWhat => "What", "Quoi";
    FieldOwner => "Who carries it out", "Qui s'en charge";
    OwnerPeople => "The co-op's people", "Les personnes de la coopérative";
    OwnerCircle => "The circle", "Le cercle";
    OwnerSpecialist => "A specialist (name below)", "Un ou une spécialiste (nom ci-dessous)";
    OwnerNobody => "Nobody yet", "Personne pour l'instant";
    FieldSpecialistName => "Specialist's name", "Nom du ou de la spécialiste";
    FieldSpecialistNameHint => "Only when a specialist carries it out.", "Seulement si un ou une spécialiste s'en charge.";
    FieldStartsOn => "Starts", "Début";
    FieldDueOn => "Due", "Échéance";
    FieldActivityStatus => "Status", "État";
    FieldDropReason => "Why was it dropped?", "Pourquoi a-t-elle été abandonnée ?";
    FieldDropReasonHint => "Only when the status is Dropped.", "Seulement si l'état est Abandonnée.";
    FieldActivityNote => "What happened", "Ce qui s'est passé";
    FieldActivityNoteHint => "Notes for the report: what was done, what was learned.", "Des notes pour le rapport : ce qui a été fait, ce qui a été appris.";
    BackToProgramme => "Back to the programme", "Retour au programme";
    CommentsTitle => "Advisor's comments", "Commentaires du conseiller ou de la conseillère";
    CommentsNone => "No comments yet.", "Aucun commentaire pour l'instant.";
    FieldComment => "Comment", "Commentaire";
    FieldCommentGoal => "About", "À propos de";
    WholeProgramme => "The whole programme", "Tout le programme";
    AddComment => "Add the comment", "Ajouter le commentaire";
    CommentSaved => "The comment is added.", "Le commentaire est ajouté.";
    ProgrammeHistoryTitle => "History of changes", "Historique des modifications";
    HistoryNone => "No changes yet.", "Aucune modification pour l'instant.";
    HistoryGoalAdded => "Goal added", "Objectif ajouté";
    HistoryGoalChanged => "Goal changed", "Objectif modifié";
    HistoryActivityAdded => "Activity added", "Activité ajoutée";
    HistoryActivityChanged => "Activity changed", "Activité modifiée";
    HistoryStatus => "Status changed", "État modifié";
    HistoryProposalAccepted => "Proposal accepted", "Proposition acceptée";
    HistoryProposalDropped => "Proposal dropped", "Proposition écartée";
    HistoryComment => "Comment", "Commentaire";
    ErrGoalTitleMissing => "Enter the goal", "Saisissez l'objectif";
    ErrGoalIssuesMissing => "Choose at least one need this goal answers", "Choisissez au moins un besoin auquel répond cet objectif";
    ErrGoalOutcomeMissing => "Say what will be different when the goal is reached", "Dites ce qui aura changé une fois l'objectif atteint";
    ErrChooseGoal => "Choose one of the programme's goals", "Choisissez l'un des objectifs du programme";
    ErrActivityWhatMissing => "Say what the activity is", "Dites en quoi consiste l'activité";
    ErrChooseOwner => "Choose who carries it out", "Choisissez qui s'en charge";
    ErrSpecialistNameMissing => "Enter the specialist's name", "Saisissez le nom du ou de la spécialiste";
    ErrDueBeforeStart => "The due date must be on or after the start", "L'échéance doit être le jour du début ou après";
    ErrDropReasonMissing => "Say why it is dropped", "Dites pourquoi elle est écartée";
    ErrProposalDecided => "This proposal was already accepted or dropped", "Cette proposition a déjà été acceptée ou écartée";
    ErrCommentMissing => "Enter your comment", "Saisissez votre commentaire";
    // Reports
    ReportsTitle => "Reports", "Rapports";
    ReportsOpen => "Reports on the programme", "Rapports sur le programme";
    ReportsNone => "No reports yet.", "Aucun rapport pour l'instant.";
    ReportStartTitle => "Write a report", "Rédiger un rapport";
    FieldReportTemplate => "Which report?", "Quel rapport ?";
    FieldReportGoal => "On", "Sur";
    ReportStartButton => "Start the report", "Commencer le rapport";
    ReportDraft => "Draft", "Brouillon";
    ReportSubmitted => "Sent, waiting for an advisor", "Envoyé, en attente d'un conseiller";
    ReportChangesRequested => "Changes asked for", "Modifications demandées";
    ReportAccepted => "Accepted", "Accepté";
    ReportSentOn => "sent {when}", "envoyé le {when}";
    ReportUpdatedOn => "last changed {when}", "modifié le {when}";
    ReportFollowsUp => "Follows up", "Fait suite à";
    ReportChangesAsked => "The advisor asked for changes:", "Le conseiller ou la conseillère demande des modifications :";
    Required => "(required)", "(obligatoire)";
    NotAnswered => "Not answered", "Sans réponse";
    ReportSubmitHint => "Once sent, an advisor reads it and may comment on each section.", "Une fois envoyé, un conseiller ou une conseillère le lit et peut commenter chaque partie.";
    ReportSubmitButton => "Send the report", "Envoyer le rapport";
    ReportSubmittedNotice => "The report is sent. An advisor will read it.", "Le rapport est envoyé. Un conseiller ou une conseillère va le lire.";
    ReportHistoryTitle => "History of the report", "Historique du rapport";
    ReportBeingWritten => "The co-op is still writing this report.", "La coopérative rédige encore ce rapport.";
    ReportFollowUpOn => "A follow-up is planned for {date}.", "Un suivi est prévu le {date}.";
    CommentOnSection => "Comment on this section", "Commenter cette partie";
    ReportDecisionTitle => "Your decision", "Votre décision";
    ReportDecisionLegend => "What happens to the report", "Ce que devient le rapport";
    ReportAcceptChoice => "Accept it", "L'accepter";
    ReportChangesChoice => "Ask for changes", "Demander des modifications";
    FieldReportReason => "Why, in a few words", "Pourquoi, en quelques mots";
    FieldReportReasonHint => "Required when you ask for changes. The co-op reads it.", "Obligatoire si vous demandez des modifications. La coopérative le lit.";
    FieldFollowUpOn => "Follow-up on (optional)", "Suivi le (facultatif)";
    FieldFollowUpOnHint => "On acceptance: the day the co-op is asked for a short follow-up report, for example in three months.", "En cas d'acceptation : le jour où la coopérative est invitée à un court rapport de suivi, par exemple dans trois mois.";
    ReportDecideButton => "Record the decision", "Enregistrer la décision";
    ReportDecidedNotice => "The decision is recorded and the co-op is told.", "La décision est enregistrée et la coopérative en est informée.";
    ReportQueueTitle => "Reports to read", "Rapports à lire";
    ReportQueueEmpty => "No report is waiting.", "Aucun rapport en attente.";
    ReportQueueCount => "Reports waiting: {count}. The longest-waiting come first.", "Rapports en attente : {count}. Les plus anciens d'abord.";
    ReportQueuePages => "Pages of the queue", "Pages de la file";
    PagePrevious => "Previous page", "Page précédente";
    PageNext => "Next page", "Page suivante";
    PageOf => "Page {n} of {total}", "Page {n} sur {total}";
    NavReports => "Reports", "Rapports";
    FollowUpTitle => "Follow-up: {report}", "Suivi : {report}";
    ErrReportDraftNewer => "A newer version of this report was saved (from another page or device). It is shown now: check it and carry on.", "Une version plus récente de ce rapport a été enregistrée (depuis une autre page ou un autre appareil). Elle est affichée : vérifiez-la et continuez.";
    FromSessionAttendance => "Circle session \"{meeting}\": {count} took part, {ours} from our co-op", "Séance du cercle « {meeting} » : {count} participants, dont {ours} de notre coopérative";
    FromSessionNotes => "Notes from the session:", "Notes de la séance :";
    FromSessionPolls => "What the circle said in its polls:", "Ce que le cercle a répondu aux sondages :";
    FromSessionActions => "Actions agreed for us:", "Actions convenues pour nous :";
    StartFromSessionTitle => "Report on this session", "Faire un rapport sur cette séance";
    StartFromSessionHint => "Starts a progress report with the attendance, the notes, the poll results and your co-op's actions already written in: edit it before sending.", "Commence un rapport d'étape où figurent déjà la présence, les notes, les résultats des sondages et les actions de votre coopérative : modifiez-le avant de l'envoyer.";
    StartFromSessionButton => "Start a report for {coop}", "Commencer un rapport pour {coop}";
    ErrSessionNotClosed => "This meeting has no closed live session to report on", "Cette réunion n'a pas de séance en direct terminée sur laquelle faire un rapport";
    NavTemplates => "Report templates", "Modèles de rapport";
    TemplatesTitle => "Report templates", "Modèles de rapport";
    TemplatesIntro => "Each template is written as JSON: a title in English and French, and its sections (key, kind: text, number, choice or activities, title, guidance, unit for a number, options for a choice, required). Publishing makes a new version: reports already started keep theirs.", "Chaque modèle s'écrit en JSON : un titre en anglais et en français, et ses parties (clé, type : text, number, choice ou activities, titre, conseil, unité pour un nombre, options pour un choix, obligatoire). Publier crée une nouvelle version : les rapports déjà commencés gardent la leur.";
    TemplateVersion => "Version {version}", "Version {version}";
    FieldTemplateJson => "The template, in JSON", "Le modèle, en JSON";
    PublishTemplate => "Publish a new version", "Publier une nouvelle version";
    TemplatePublished => "The new version is published. New reports use it.", "La nouvelle version est publiée. Les nouveaux rapports l'utilisent.";
    ErrTemplateJson => "This is not a template in JSON: check the brackets, quotes and commas", "Ce n'est pas un modèle en JSON : vérifiez les accolades, les guillemets et les virgules";
    ErrTemplateTitle => "Give the template a title in English and in French", "Donnez au modèle un titre en anglais et en français";
    ErrTemplateSections => "A template has between 1 and 30 sections", "Un modèle a entre 1 et 30 parties";
    ErrTemplateKey => "Each section needs its own key: lower-case letters, digits and _", "Chaque partie a besoin de sa propre clé : lettres minuscules, chiffres et _";
    ErrTemplateKind => "A section's kind is text, number, choice, activities or evidence (activities cannot be required)", "Le type d'une partie est text, number, choice, activities ou evidence (activities ne peut pas être obligatoire)";
    ErrEvidenceMissing => "Attach at least one file to this section", "Joignez au moins un fichier à cette partie";
    ErrFileTooLarge => "That file is larger than {mb} MB: choose a smaller one (a photo at a lower resolution, or a PDF in parts)", "Ce fichier dépasse {mb} Mo : choisissez-en un plus petit (une photo en plus basse résolution, ou un PDF en plusieurs parties)";
    ErrFileType => "That file was not attached: it is not a photo, a PDF or an office document. Only those are taken, whatever the file's name says", "Ce fichier n'a pas été joint : ce n'est ni une photo, ni un PDF, ni un document bureautique. Seuls ceux-là sont acceptés, quel que soit le nom du fichier";
    ErrFileEmpty => "That file is empty: choose it again, or another one", "Ce fichier est vide : choisissez-le à nouveau, ou un autre";
    ErrFileFailed => "The file could not be stored just now. Nothing was attached: try again in a moment", "Le fichier n'a pas pu être enregistré pour l'instant. Rien n'a été joint : réessayez dans un moment";
    ErrFileAnswersNotSaved => "The file was attached, but your answers were not saved: one of them is not allowed as it is (see below)", "Le fichier a été joint, mais vos réponses n'ont pas été enregistrées : l'une d'elles n'est pas acceptée telle quelle (voir ci-dessous)";
    FilesAttached => "The file is attached, and your answers are saved.", "Le fichier est joint, et vos réponses sont enregistrées.";
    HistoryAll => "Show the whole history", "Afficher tout l'historique";
    FileRemoved => "The file is taken off the report.", "Le fichier est retiré du rapport.";
    AttachFiles => "Attach", "Joindre";
    RemoveFile => "Remove", "Retirer";
    FieldEvidenceFiles => "Choose files", "Choisir des fichiers";
    EvidenceHint => "Photos (take one with your phone's camera), PDF or office documents; up to {mb} MB each.", "Photos (prenez-en une avec l'appareil photo du téléphone), PDF ou documents bureautiques ; {mb} Mo chacun au plus.";
    EvidenceNone => "No file attached.", "Aucun fichier joint.";
    ErrTemplateWords => "Each section needs a title in English and in French (500 characters at most)", "Chaque partie a besoin d'un titre en anglais et en français (500 caractères au plus)";
    ErrTemplateOptions => "A choice has 2 to 20 options, each with its own key and words in both languages; other kinds have none", "Un choix a de 2 à 20 options, chacune avec sa clé et ses mots dans les deux langues ; les autres types n'en ont pas";
    ErrSectionMissing => "Answer this section", "Répondez à cette partie";
    ErrNumberInvalid => "Enter a number, like 12", "Saisissez un nombre, par exemple 12";
    ErrReportNotEditable => "This report was sent: it can no longer be changed", "Ce rapport a été envoyé : il ne peut plus être modifié";
    ErrReportNotSubmitted => "This report is not waiting for a decision", "Ce rapport n'attend pas de décision";
    ErrTemplateChanged => "This page is out of date: reload it before saving", "Cette page n'est plus à jour : rechargez-la avant d'enregistrer";
    ErrChangesReasonMissing => "Say what should change", "Dites ce qui doit changer";
    ErrFollowUpInPast => "Choose a date after today", "Choisissez une date après aujourd'hui";
    MailReportChangesSubject => "Changes asked for: {report}", "Modifications demandées : {report}";
    MailReportChangesBody => "Hello,\n\nThe advisor read \"{report}\" and asks for changes:\n\n{reason}\n\nOpen the report: {link}\n\nCo-op Circles", "Bonjour,\n\nLe conseiller ou la conseillère a lu « {report} » et demande des modifications :\n\n{reason}\n\nOuvrir le rapport : {link}\n\nCercles coopératifs";
    MailReportAcceptedSubject => "Report accepted: {report}", "Rapport accepté : {report}";
    MailReportAcceptedBody => "Hello,\n\nThe advisor accepted \"{report}\".\n\n{reason}\n\nOpen the report: {link}\n\nCo-op Circles", "Bonjour,\n\nLe conseiller ou la conseillère a accepté « {report} ».\n\n{reason}\n\nOuvrir le rapport : {link}\n\nCercles coopératifs";
    MailFollowUpSubject => "Time for a follow-up: {report}", "C'est le moment du suivi : {report}";
    MailFollowUpBody => "Hello,\n\nIt is time to look back at \"{report}\": is what changed still in place? A short follow-up report is ready to fill in: {link}\n\nCo-op Circles", "Bonjour,\n\nC'est le moment de revenir sur « {report} » : ce qui a changé est-il toujours en place ? Un court rapport de suivi est prêt à remplir : {link}\n\nCercles coopératifs";
    // Reminders of activities
    RemindersTitle => "Reminders of your activities", "Rappels de vos activités";
    RemindersHint => "For the programme activities you carry out: two days before they are due, and the day after if they are not done.", "Pour les activités de programme dont vous vous chargez : deux jours avant l'échéance, et le lendemain si elles ne sont pas terminées.";
    RemindersImmediate => "A mail for each reminder", "Un courriel pour chaque rappel";
    RemindersDigest => "One weekly digest, on Mondays", "Un récapitulatif par semaine, le lundi";
    RemindersNone => "No reminders", "Aucun rappel";
    SaveReminders => "Save my choice", "Enregistrer mon choix";
    RemindersSaved => "Your choice of reminders is saved.", "Votre choix de rappels est enregistré.";
    DigestLate => " (late)", " (en retard)";
    MailActivityDueSubject => "Due soon: {activity}", "Bientôt à échéance : {activity}";
    MailActivityDueBody => "Hello,\n\nThe activity \"{activity}\" is due on {due}.\n\nUpdate it here: {link}\n\nCo-op Circles", "Bonjour,\n\nL'activité « {activity} » arrive à échéance le {due}.\n\nMettez-la à jour ici : {link}\n\nCercles coopératifs";
    MailActivityOverdueSubject => "Overdue: {activity}", "En retard : {activity}";
    MailActivityOverdueBody => "Hello,\n\nThe activity \"{activity}\" was due on {due} and is not marked done.\n\nUpdate it, or move its date: {link}\n\nCo-op Circles", "Bonjour,\n\nL'activité « {activity} » était prévue pour le {due} et n'est pas marquée terminée.\n\nMettez-la à jour, ou changez sa date : {link}\n\nCercles coopératifs";
    MailDigestSubject => "Your activities this week ({count})", "Vos activités cette semaine ({count})";
    MailDigestBody => "Hello,\n\nDue this week or late:\n\n{list}\n\nCo-op Circles", "Bonjour,\n\nÀ échéance cette semaine ou en retard :\n\n{list}\n\nCercles coopératifs";
    NavLive => "Join a session", "Rejoindre une séance";
    // Portfolio
    PortfolioTitle => "Portfolio", "Portfolio";
    PortfolioOf => "Portfolio of {name}", "Portfolio de {name}";
    PortfolioIntro => "Your portfolio is gathered from what your co-op has done: accepted reports, goals and the activities done, the circle sessions you took part in, and evidence files. Choose what goes in and in what order, write what you learned for each goal, then export it.", "Votre portfolio est rassemblé à partir de ce que votre coopérative a fait : rapports acceptés, objectifs et activités terminées, séances de cercle auxquelles vous avez participé, et pièces justificatives. Choisissez ce qui y figure et dans quel ordre, écrivez ce que vous avez appris pour chaque objectif, puis exportez-le.";
    PortfolioPrivacy => "People from other co-ops are never named: an attendance list says how many came from other co-ops.", "Les personnes d'autres coopératives ne sont jamais nommées : une liste de présence indique combien venaient d'autres coopératives.";
    OpenPortfolio => "Open the portfolio", "Ouvrir le portfolio";
    PortfolioEmpty => "Nothing to gather yet: an accepted report, an activity done or a circle session attended will appear here.", "Rien à rassembler pour l'instant : un rapport accepté, une activité terminée ou une séance de cercle suivie apparaîtra ici.";
    PortfolioGoals => "Goals and activities done", "Objectifs et activités terminées";
    PortfolioReports => "Accepted reports", "Rapports acceptés";
    PortfolioAttendance => "Attendance at circle meetings", "Présence aux réunions de cercle";
    PortfolioSessions => "Circle sessions", "Séances de cercle";
    PortfolioEvidence => "Evidence files", "Pièces justificatives";
    PortfolioInclude => "Include", "Inclure";
    PortfolioOrder => "Order", "Ordre";
    PortfolioOrderHint => "1 comes first.", "1 vient en premier.";
    FieldStatement => "What you learned (reflective statement)", "Ce que vous avez appris (bilan réflexif)";
    StatementHint => "A few sentences: what changed for your co-op, what you would do differently.", "Quelques phrases : ce qui a changé pour votre coopérative, ce que vous feriez autrement.";
    SavePortfolio => "Save the portfolio", "Enregistrer le portfolio";
    PortfolioSaved => "Your choices are saved.", "Vos choix sont enregistrés.";
    ErrOrderInvalid => "Enter a whole number from 1 to 999", "Saisissez un nombre entier de 1 à 999";
    ErrStatementLong => "Keep it under 5,000 characters", "Restez sous 5 000 caractères";
    ExportTitle => "Export", "Exporter";
    ExportIntro => "One file (ZIP) to keep or send: the portfolio as a PDF to read and print, as a web page, as JSON for other tools, and the evidence files. It is prepared in the background: you can leave this page, a mail tells you when it is ready.", "Un seul fichier (ZIP) à garder ou à envoyer : le portfolio en PDF à lire et imprimer, en page web, en JSON pour d'autres outils, et les pièces justificatives. Il est préparé en arrière-plan : vous pouvez quitter cette page, un courriel vous prévient quand il est prêt.";
    StartExport => "Export the portfolio", "Exporter le portfolio";
    ExportQueued => "Waiting to start…", "En attente de démarrage…";
    ExportRunning => "Preparing: {done} of {total} parts", "Préparation : {done} parties sur {total}";
    ExportDone => "Ready", "Prêt";
    ExportFailed => "It could not be prepared. Try again; if it fails again, tell the mutual.", "Il n'a pas pu être préparé. Réessayez ; si cela échoue encore, prévenez la mutuelle.";
    ExportExpired => "This download has expired: export again.", "Ce téléchargement a expiré : exportez à nouveau.";
    ExportDownload => "Download ({size})", "Télécharger ({size})";
    ExportAvailableUntil => "Available until {when}.", "Disponible jusqu'au {when}.";
    ExportReloadHint => "This page refreshes by itself while it is prepared.", "Cette page se met à jour seule pendant la préparation.";
    ExportsEarlier => "Earlier exports", "Exports précédents";
    PortfolioCircles => "Learning circles", "Cercles d'apprentissage";
    PdfJoined => "Joined", "Depuis le";
    ExportAgain => "Export again", "Exporter à nouveau";
    ExportVersion => "Export this version", "Exporter cette version";
    ExportVersionIntro => "The same bundle as an export of the portfolio, with this version's content as it was frozen.", "Le même fichier qu'un export du portfolio, avec le contenu de cette version tel qu'il a été figé.";
    ExportOfVersion => "Version {number}", "Version {number}";
    // A person's own learning record
    RecordTitle => "My learning record", "Mon parcours d'apprentissage";
    RecordLinkHint => "your circles and the sessions you attended, to keep or show.", "vos cercles et les séances suivies, à garder ou à montrer.";
    RecordOf => "Learning record of {name}", "Parcours d'apprentissage de {name}";
    RecordIntro => "Everything you took part in: the learning circles you belong to, and the circle sessions you attended with what your co-op agreed to do. It is yours: export it to keep it or to show it, whatever your co-op exports.", "Tout ce à quoi vous avez pris part : les cercles d'apprentissage dont vous êtes membre, et les séances de cercle que vous avez suivies avec ce que votre coopérative s'est engagée à faire. Il est à vous : exportez-le pour le garder ou le montrer, quoi qu'exporte votre coopérative.";
    RecordPrivacy => "Only you are named: the others present are counted.", "Vous seul êtes nommé : les autres personnes présentes sont comptées.";
    StartRecordExport => "Export my learning record", "Exporter mon parcours";
    RecordExportIntro => "One file (ZIP): your record as a PDF, as a web page and as JSON. It is prepared in the background; a mail tells you when it is ready.", "Un seul fichier (ZIP) : votre parcours en PDF, en page web et en JSON. Il est préparé en arrière-plan ; un courriel vous prévient quand il est prêt.";
    ExportAsked => "Asked on {when} by {who}", "Demandé le {when} par {who}";
    MailExportReadySubject => "Your export is ready to download", "Votre export est prêt à être téléchargé";
    MailExportReadyBody => "Hello,\n\nYour export “{what}” is ready. Download it here (sign in first; the link works for 7 days): {link}\n\nCo-op Circles", "Bonjour,\n\nVotre export « {what} » est prêt. Téléchargez-le ici (connectez-vous d'abord ; le lien fonctionne 7 jours) : {link}\n\nCercles coopératifs";
    PdfGenerated => "Gathered on {date}", "Rassemblé le {date}";
    PdfContents => "Contents", "Sommaire";
    PdfIssues => "Answers the issues", "Répond aux questions";
    PdfStatement => "What we learned", "Ce que nous avons appris";
    PdfActivitiesDone => "Activities done", "Activités terminées";
    PdfAcceptedOn => "Accepted on", "Accepté le";
    PdfMeeting => "Meeting", "Réunion";
    PdfDate => "Date", "Date";
    PdfPresent => "Present", "Présents";
    PdfOthersPresent => "{count} from other co-ops", "{count} d'autres coopératives";
    PdfActions => "Actions", "Actions";
    PdfPolls => "Polls", "Sondages";
    PdfFile => "File", "Fichier";
    PdfSize => "Size", "Taille";
    PdfPage => "Page", "Page";
    PdfMeasure => "Measure", "Mesure";
    AccreditationTitle => "For accreditation", "Pour l'accréditation";
    AccreditationIntro => "Submitting freezes the portfolio as it stands now into a numbered version that never changes: an assessor reads exactly that. Your later choices make the next version.", "Soumettre fige le portfolio tel qu'il est maintenant en une version numérotée qui ne change plus : c'est exactement ce que lit l'évaluateur. Vos choix ultérieurs feront la version suivante.";
    SubmitSnapshot => "Submit for accreditation", "Soumettre pour l'accréditation";
    SnapshotSubmitted => "Version {number} is submitted and frozen.", "La version {number} est soumise et figée.";
    SnapshotTitle => "Portfolio, version {number}", "Portfolio, version {number}";
    SnapshotLine => "Version {number}, submitted on {when} by {who}", "Version {number}, soumise le {when} par {who}";
    SnapshotFrozen => "This version is frozen: it is what assessors read.", "Cette version est figée : c'est ce que lisent les évaluateurs.";
    SharesTitle => "Shared with", "Partagé avec";
    SharesNone => "Not shared yet.", "Pas encore partagé.";
    ShareIntro => "Send a read-only link to this version to a named assessor or reader. It works without an account until it expires, and you can withdraw it at any time. Each opening is recorded.", "Envoyez un lien en lecture seule vers cette version à un évaluateur ou lecteur nommé. Il fonctionne sans compte jusqu'à son expiration, et vous pouvez le retirer à tout moment. Chaque ouverture est enregistrée.";
    FieldReader => "Their name", "Son nom";
    FieldReaderEmail => "Their email address", "Son adresse e-mail";
    FieldShareDays => "Days the link works", "Nombre de jours de validité du lien";
    ShareSend => "Send the link", "Envoyer le lien";
    ShareSent => "The link is on its way to {reader}.", "Le lien est en route vers {reader}.";
    ShareRevoke => "Withdraw", "Retirer";
    ShareRevoked => "The link is withdrawn: it no longer opens the portfolio.", "Le lien est retiré : il n'ouvre plus le portfolio.";
    ShareStatus => "until {when} · times opened: {count}", "jusqu'au {when} · ouvertures : {count}";
    ShareStatusRevoked => "withdrawn", "retiré";
    ShareStatusExpired => "expired", "expiré";
    ShareLastOpened => "last on {when}", "la dernière le {when}";
    SharedBanner => "Shared with {reader} by {organisation}, read-only, until {when}.", "Partagé avec {reader} par {organisation}, en lecture seule, jusqu'au {when}.";
    SharedGone => "This link does not open anything: it expired, was withdrawn, or was copied wrongly. Ask the co-op for a new one.", "Ce lien n'ouvre rien : il a expiré, a été retiré ou a été mal copié. Demandez-en un nouveau à la coopérative.";
    ErrReaderName => "Give the reader's name (100 characters at most)", "Indiquez le nom du lecteur (100 caractères au plus)";
    ErrShareDays => "Enter a number of days from 1 to 90", "Saisissez un nombre de jours de 1 à 90";
    MailShareSubject => "{organisation} shares its portfolio with you", "{organisation} partage son portfolio avec vous";
    MailShareBody => "Hello {reader},\n\n{name} of {organisation} shares version {number} of its portfolio with you, read-only, until {until}. Open it here (no account needed):\n\n{link}\n\nCo-op Circles", "Bonjour {reader},\n\n{name} de {organisation} partage avec vous la version {number} de son portfolio, en lecture seule, jusqu'au {until}. Ouvrez-la ici (sans compte) :\n\n{link}\n\nCercles coopératifs";
    PdfNone => "None.", "Aucun.";
}

#[cfg(test)]
mod tests {
    use super::T;

    #[test]
    fn every_key_goes_to_json_by_its_name_and_back() {
        for key in T::ALL {
            let json = serde_json::to_string(key).unwrap();
            assert_eq!(json, format!("\"{key:?}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *key);
        }
        assert!(serde_json::from_str::<T>("\"NoSuchKey\"").is_err());
    }
}
