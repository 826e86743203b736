import { createRouter } from '../../lib/create-router.js';
import {
  deleteMemberHandler,
  eraseMemberHandler,
  exportMemberHandler,
  recordConsentHandler,
} from './member-rights.handlers.js';
import {
  deleteMemberRoute,
  eraseMemberRoute,
  exportMemberRoute,
  recordConsentRoute,
} from './member-rights.routes.js';
import {
  createMemberHandler,
  getMemberHandler,
  importMembersHandler,
  listMembersHandler,
  updateMemberHandler,
} from './members.handlers.js';
import {
  createMemberRoute,
  getMemberRoute,
  importMembersRoute,
  listMembersRoute,
  updateMemberRoute,
} from './members.routes.js';

/** Private membership: personal data, visible and changeable only with `members:*` keys. */
export function membersRouter() {
  return createRouter()
    .openapi(listMembersRoute, listMembersHandler)
    .openapi(importMembersRoute, importMembersHandler)
    .openapi(createMemberRoute, createMemberHandler)
    .openapi(exportMemberRoute, exportMemberHandler)
    .openapi(recordConsentRoute, recordConsentHandler)
    .openapi(eraseMemberRoute, eraseMemberHandler)
    .openapi(getMemberRoute, getMemberHandler)
    .openapi(updateMemberRoute, updateMemberHandler)
    .openapi(deleteMemberRoute, deleteMemberHandler);
}
