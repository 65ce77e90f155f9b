import type { Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export type HistoryPage = temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse;

/** Every page of a workflow's history as the server serves it (payloads as stored: no data converter). */
export async function historyPages(connection: Connection, workflowId: string): Promise<HistoryPage[]> {
  const pages: HistoryPage[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      nextPageToken,
    });
    pages.push(page);
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return pages;
}
