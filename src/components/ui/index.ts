// The admin console's building blocks: import from "@/components/ui" rather than repeating class strings.
export { Badge, type BadgeTone } from "./badge";
export { Button, ButtonLink, buttonClasses, type ButtonSize, type ButtonVariant } from "./button";
export { Callout, type CalloutTone } from "./callout";
export { Card, Section } from "./card";
export { Checkbox } from "./checkbox";
export { ConfirmDialog, type ConfirmDialogProps } from "./confirm-dialog";
export { cx } from "./cx";
export { Dialog, type DialogProps } from "./dialog";
export { EmptyState } from "./empty-state";
export { ErrorState } from "./error-state";
export { Field, controlClasses, describedBy } from "./field";
export { Input } from "./input";
export { Pager, type PagerLink } from "./pager";
export { Select } from "./select";
export { Skeleton, Spinner } from "./spinner";
export { Table, type Column } from "./table";
export { Textarea } from "./textarea";
export { ToastProvider, useToast, type ToastKind } from "./toast";
