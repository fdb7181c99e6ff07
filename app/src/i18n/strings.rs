//! Every text of the portal, English then French. Keep keys grouped by page.

use serde::{Deserialize, Serialize};

macro_rules! strings {
    ($($key:ident => $en:literal, $fr:literal;)*) => {
        /// A text key; `Locale::t` gives its words.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];
            pub fn en(self) -> &'static str { match self { $(T::$key => $en),* } }
            pub fn fr(self) -> &'static str { match self { $(T::$key => $fr),* } }
        }
    };
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
    Saving => "Saving…", "Enregistrement…";

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
    HomeNoRoles => "You have no role yet. An advisor will give you one when your co-operative's application is approved.", "Vous n'avez pas encore de rôle. Un conseiller vous en attribuera un quand la candidature de votre coopérative sera acceptée.";
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
    OutboxIntro => "Every email the portal sends. Without an SMTP server configured, messages stay here.", "Tous les e-mails envoyés par le portail. Sans serveur SMTP configuré, les messages restent ici.";
    OutboxEmpty => "No messages yet.", "Aucun message pour l'instant.";
    OutboxTo => "To", "À";
    OutboxSubject => "Subject", "Objet";
    OutboxWhen => "Created", "Créé";
    OutboxStatus => "Status", "État";
    OutboxSent => "Sent by SMTP", "Envoyé par SMTP";
    OutboxHeld => "Kept in the outbox", "Conservé dans la boîte d'envoi";
    OutboxFailed => "Sending failed", "Échec de l'envoi";

    // Error pages
    NotFoundTitle => "Page not found", "Page introuvable";
    NotFoundText => "If you typed the address, check it is right. If you followed a link, it may be out of date.", "Si vous avez saisi l'adresse, vérifiez-la. Si vous avez suivi un lien, il est peut-être périmé.";
    NotFoundHome => "Go to the home page", "Aller à la page d'accueil";
    ForbiddenTitle => "You do not have access", "Vous n'avez pas accès";
    ProblemTitle => "Sorry, there is a problem", "Désolé, il y a un problème";
    TryAgain => "Try again", "Réessayer";
}
