import { Chapter, ChapterListQuery, LIMITS } from '@oneteamgov/schema';
import { z } from 'zod';
import {
  ChapterPage,
  getChapterRoute,
  listChaptersRoute,
} from '../routes/chapters/chapters.routes.js';
import { getChapterOrThrow } from '../services/chapters/get-chapter.js';
import { listChapters } from '../services/chapters/list-chapters.js';
import { READ_ONLY, type RegisterTools } from './hub-tools.js';
import { chapterListText, chapterText } from './readable-text.js';
import { answer, runTool } from './tool-answers.js';

/**
 * The contract's Chapter under a schema of its own: Chapter carries a component
 * id, which JSON Schema turns into a `$ref` at the root, and MCP wants an object there.
 */
const ChapterOutput = Chapter.extend({});

const ListChaptersOutput = z.object({
  data: z.array(Chapter).max(LIMITS.pageSize),
  nextCursor: ChapterPage.shape.nextCursor,
});

/** `list_chapters` and `get_chapter`: the inputs and services of `GET /v1/chapters[/{chapterId}]`. */
export const registerChapterTools: RegisterTools = (server, { ctx, logger }) => {
  server.registerTool(
    'list_chapters',
    {
      title: 'List chapters',
      description: `${listChaptersRoute.summary}. ${listChaptersRoute.description}\n\nA chapter's id is what \`search_events\` takes as \`chapter\`.`,
      inputSchema: ChapterListQuery,
      outputSchema: ListChaptersOutput,
      annotations: READ_ONLY,
    },
    (query) =>
      runTool(logger, 'list_chapters', async () => {
        const page = await listChapters(ctx(), query);
        return answer(chapterListText(page.data, page.nextCursor), {
          data: page.data,
          nextCursor: page.nextCursor,
        });
      }),
  );

  server.registerTool(
    'get_chapter',
    {
      title: 'Get a chapter',
      description: `${getChapterRoute.summary} by its id (${z.globalRegistry.get(Chapter)?.description ?? 'a chapter'}).`,
      inputSchema: getChapterRoute.request.params,
      outputSchema: ChapterOutput,
      annotations: READ_ONLY,
    },
    ({ chapterId }) =>
      runTool(logger, 'get_chapter', async () => {
        const chapter = await getChapterOrThrow(ctx(), chapterId);
        return answer(chapterText(chapter), chapter);
      }),
  );
};
