-- the product (SKU) a complaint is about, optional: carried in crm.complaint.opened so offers can leave it out
alter table complaint add column product_code varchar(128);
