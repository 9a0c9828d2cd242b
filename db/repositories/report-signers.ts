import type { Kysely } from "kysely";
import type { Database, ReportSignerTable } from "../schema";

type Db = Kysely<Database>;

/** A unit's report signing settings; null fields fall back to the level's default. */
export interface ReportSigner {
  unitCode: string;
  issuerKind: string | null;
  issuerName: string | null;
  numberSuffix: string | null;
  authority: string | null;
  principal: string | null;
  signerTitle: string | null;
  signerName: string | null;
  /** One recipient a line. */
  recipients: string[];
  updatedAt: string;
}

function fromRow(row: ReportSignerTable): ReportSigner {
  return {
    unitCode: row.unit_code,
    issuerKind: row.issuer_kind,
    issuerName: row.issuer_name,
    numberSuffix: row.number_suffix,
    authority: row.authority,
    principal: row.principal,
    signerTitle: row.signer_title,
    signerName: row.signer_name,
    recipients: row.recipients ? row.recipients.split("\n").filter((l) => l.trim() !== "") : [],
    updatedAt: row.updated_at,
  };
}

export async function findReportSigner(db: Db, unitCode: string): Promise<ReportSigner | undefined> {
  const row = await db.selectFrom("report_signers").selectAll().where("unit_code", "=", unitCode).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function upsertReportSigner(db: Db, signer: ReportSigner): Promise<void> {
  const values = {
    issuer_kind: signer.issuerKind,
    issuer_name: signer.issuerName,
    number_suffix: signer.numberSuffix,
    authority: signer.authority,
    principal: signer.principal,
    signer_title: signer.signerTitle,
    signer_name: signer.signerName,
    recipients: signer.recipients.length > 0 ? signer.recipients.join("\n") : null,
    updated_at: signer.updatedAt,
  };
  await db
    .insertInto("report_signers")
    .values({ unit_code: signer.unitCode, ...values })
    .onConflict((oc) => oc.column("unit_code").doUpdateSet(values))
    .execute();
}
