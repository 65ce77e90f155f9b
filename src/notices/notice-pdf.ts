import PDFDocument from 'pdfkit';

/** What a completion notice shows. No victim field exists, so none can be printed; nothing said at the conference. */
export interface CompletionNoticeContent {
  court: string;
  caseNumber: string;
  responsiblePartyName: string;
  referralDate: string;
  recommendation: 'charges_not_filed' | 'dismissal';
  prosecutorName: string;
  approvedDate: string;
  officeName: string;
}

/** What a return notice shows: the case, the stage reached, the reason code and the coordinator's note. */
export interface ReturnNoticeContent {
  court: string;
  caseNumber: string;
  stageReached: string;
  reasonCode: string;
  note: string | undefined;
  returnedDate: string;
  officeName: string;
}

const RECOMMENDATIONS = {
  charges_not_filed: 'The prosecutor recommends that charges not be filed.',
  dismissal: 'The prosecutor moves that the matter be dismissed.',
};

function render(write: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  // Uncompressed content streams keep the text greppable; a one-page notice stays small either way.
  const doc = new PDFDocument({ size: 'LETTER', margin: 72, compress: false, info: { Title: 'Diversion notice' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  write(doc);
  doc.end();
  return done;
}

export function completionNoticePdf(content: CompletionNoticeContent): Promise<Buffer> {
  return render((doc) => {
    doc.fontSize(16).text(`Notice of Completion of Diversion`, { align: 'center' }).moveDown();
    doc.fontSize(11);
    doc.text(`Court: ${content.court}`);
    doc.text(`Case number: ${content.caseNumber}`);
    doc.text(`Responsible party: ${content.responsiblePartyName}`);
    doc.text(`Referral date: ${content.referralDate}`).moveDown();
    doc.text(
      `The responsible party named above has completed the restorative-justice diversion program administered by the ${content.officeName}, including every obligation of the agreement.`,
    );
    doc.moveDown().text(RECOMMENDATIONS[content.recommendation]).moveDown(2);
    doc.text(`Signed off by: ${content.prosecutorName}, Prosecutor`);
    doc.text(`Date: ${content.approvedDate}`);
  });
}

export function returnNoticePdf(content: ReturnNoticeContent): Promise<Buffer> {
  return render((doc) => {
    doc.fontSize(16).text(`Notice of Return to Prosecution`, { align: 'center' }).moveDown();
    doc.fontSize(11);
    doc.text(`Court: ${content.court}`);
    doc.text(`Case number: ${content.caseNumber}`);
    doc.text(`Stage reached: ${content.stageReached}`);
    doc.text(`Reason code: ${content.reasonCode}`);
    if (content.note) doc.text(`Coordinator's note: ${content.note}`);
    doc.moveDown().text(`The case is returned to the prosecutor by the ${content.officeName}.`);
    doc.text(`Date: ${content.returnedDate}`);
  });
}
