/**
 * The one place where IQS's React meets OHIF's React.
 *
 * The prebuilt OHIF 3.13 viewer does not share its React with run-time plugins, so our modules bundle their own
 * React 18. A hook-using component handed straight to OHIF would run its hooks against the wrong React copy and
 * blank the whole viewer. So OHIF only ever receives the class component made here: it uses no hooks, renders a
 * plain <div>, and mounts our real component into that div with our own react-dom root.
 *
 * When OHIF shares its React with plugins, this module becomes a pass-through (and the build aliases `react`
 * to the host's copy); nothing else changes.
 */
import React, { Component, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

interface BoundaryProps {
  readonly name: string;
  readonly fallback: ReactNode;
  readonly children: ReactNode;
}

/** Contains a failure of our tree to our tree: the viewer around it keeps working. */
export class IqsErrorBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[IQS] ${this.props.name} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export interface BridgeOptions {
  /** shown instead of the component when it throws */
  readonly fallback?: ReactNode;
  /** class names of the host <div> */
  readonly className?: string;
}

/** Wrap one of our components so that OHIF can render it. */
export function bridgeToHost<P extends object>(Inner: ComponentType<P>, name: string, options: BridgeOptions = {}): ComponentType<P> {
  const fallback = options.fallback ?? null;

  class HostBridge extends Component<P> {
    static displayName = `IqsHostBridge(${name})`;
    private container: HTMLDivElement | null = null;
    private root: Root | null = null;

    private readonly setContainer = (element: HTMLDivElement | null): void => {
      this.container = element;
    };

    override componentDidMount(): void {
      if (!this.container) return;
      this.root = createRoot(this.container);
      this.renderInner();
    }

    override componentDidUpdate(): void {
      this.renderInner();
    }

    override componentWillUnmount(): void {
      // Unmounting another root while a React commit runs is refused when both share one React (as they will
      // when the host shares its React): let the host's commit finish first.
      const root = this.root;
      this.root = null;
      if (root) queueMicrotask(() => root.unmount());
    }

    private renderInner(): void {
      this.root?.render(
        <IqsErrorBoundary name={name} fallback={fallback}>
          <Inner {...this.props} />
        </IqsErrorBoundary>,
      );
    }

    override render(): ReactNode {
      // Created with our React; React 18 elements of a plain <div> are understood by the host's React 18.
      return React.createElement('div', { ref: this.setContainer, className: options.className ?? 'iqs-host', style: { height: '100%' } });
    }
  }

  return HostBridge;
}
