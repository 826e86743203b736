/**
 * Each command's usage text, apart from its code: `otg-hub --help` and an unknown
 * command print them without loading any command (and its dependencies).
 */

export const MEMBERS_USAGE = `  members import --chapter ID --file FILE.json    add people from a JSON array of
                                                  { name, email, role?, organisation?, joinedOn? }`;

export const MCP_USAGE = `  mcp       serve the MCP tools (search_events, get_event, list_chapters,
            get_chapter, calendar_links) over stdio, for desktop AI assistants`;

export const KEYS_USAGE = `  keys create --name NAME --admin                 the first admin key (prints the secret once)
  keys create --name NAME --grant SCOPE:CHAPTER…  e.g. --grant events:write:wales
  keys list
  keys revoke ID`;

export const SOURCES_USAGE = `  sources list [--chapter ID]
  sources add --id ID --chapter ID --kind ics|instance --url URL [--interval MINUTES]
  sources show ID
  sources remove ID [--events keep|remove]   keep (default): its events become the hub's own
  sources sync ID             sync one source now and print the run
  sources approve ID          sync now, applying removals a run held for review`;

export const DOCTOR_USAGE = `  doctor    check configuration, database and migrations, Redis, the outbound
            allow-list and every configured source; exits 1 if any check fails`;

export const HEALTHCHECK_USAGE = `  healthcheck            exit 0 if the API on PORT answers /healthz (for HEALTHCHECK)
  healthcheck --worker   exit 0 if this container's worker wrote its heartbeat recently`;
