-- Participants: people known to a project, under ids the project chooses (p1, user-42, ...).
CREATE TABLE participants (
    project_id    text NOT NULL REFERENCES projects (id),
    id            text NOT NULL,
    display_name  text,
    email         text,
    user_data     json NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id)
);

-- Gatherings of the three types. join_code holds the normalized code (8 Crockford base32
-- characters, no hyphen); it is unique per project and retried on collision.
CREATE TABLE gatherings (
    project_id          text NOT NULL REFERENCES projects (id),
    id                  text NOT NULL,
    name                text NOT NULL,
    type                text NOT NULL,
    status              text NOT NULL,
    join_code           text NOT NULL,
    metadata            json NOT NULL DEFAULT '{}',
    max_members         integer,
    created_by          text,
    starts_at           timestamptz,
    ends_at             timestamptz,
    auto_start_session  boolean NOT NULL DEFAULT false,
    visibility          text,
    room_id             text,
    session_id          text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    ended_at            timestamptz,
    PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX gatherings_join_code_key ON gatherings (project_id, join_code);
CREATE INDEX gatherings_listed_idx ON gatherings (project_id, type, visibility, id);

-- Who is in a gathering now. present_since orders members for owner migration (the member
-- present longest becomes owner) and is reset on re-joining.
CREATE TABLE gathering_members (
    project_id      text NOT NULL,
    gathering_id    text NOT NULL,
    participant_id  text NOT NULL,
    role            text NOT NULL,
    state           text NOT NULL,
    present_since   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, gathering_id, participant_id),
    FOREIGN KEY (project_id, gathering_id) REFERENCES gatherings (project_id, id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, participant_id) REFERENCES participants (project_id, id)
);
CREATE INDEX gathering_members_participant_idx ON gathering_members (project_id, participant_id);

-- Who was invited (the source of truth for reaching people by email), kept apart from members.
CREATE TABLE gathering_invitations (
    project_id      text NOT NULL,
    id              text NOT NULL,
    gathering_id    text NOT NULL,
    participant_id  text,
    email           text,
    status          text NOT NULL,
    email_status    text NOT NULL,
    token           text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    responded_at    timestamptz,
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, gathering_id) REFERENCES gatherings (project_id, id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, participant_id) REFERENCES participants (project_id, id)
);
CREATE UNIQUE INDEX gathering_invitations_participant_key
    ON gathering_invitations (project_id, gathering_id, participant_id)
    WHERE participant_id IS NOT NULL;
CREATE UNIQUE INDEX gathering_invitations_email_key
    ON gathering_invitations (project_id, gathering_id, lower(email))
    WHERE email IS NOT NULL;
CREATE UNIQUE INDEX gathering_invitations_token_key ON gathering_invitations (project_id, token);
CREATE INDEX gathering_invitations_gathering_idx
    ON gathering_invitations (project_id, gathering_id, created_at);

-- Sessions started by gatherings.
CREATE TABLE sessions (
    project_id    text NOT NULL REFERENCES projects (id),
    id            text NOT NULL,
    gathering_id  text NOT NULL,
    room_id       text,
    status        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    ended_at      timestamptz,
    PRIMARY KEY (project_id, id)
);
CREATE INDEX sessions_gathering_idx ON sessions (project_id, gathering_id);
